/**
 * Runtime values of the expression language and the guards that keep evaluation total:
 * anything from a scope that is not one of these shapes is treated as null.
 */

/** A row of a repeat group (or an attachment's metadata) as seen by expressions. */
export type Row = Readonly<Record<string, unknown>>;

/** What an expression evaluates to. */
export type Value = null | boolean | number | string | readonly string[] | readonly Row[];

/** Reads a field's value for an expression; unknown keys give null. */
export type Scope = (key: string) => unknown;

function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Normalises any JS value into a `Value`: NaN, Infinity, functions, mixed arrays… become null. */
export function toValue(raw: unknown): Value {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'boolean' || typeof raw === 'string') return raw;
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (Array.isArray(raw)) {
    if (raw.every((item): item is string => typeof item === 'string')) return raw;
    if (raw.every(isRow)) return raw;
  }
  return null;
}

/** A finite number, or null. */
export function asNumber(value: Value): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A boolean, or null (three-valued logic: null is "unknown"). */
export function asBoolean(value: Value): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

/** Keeps arithmetic total: non-finite results become null. */
export function finiteOrNull(n: number): number | null {
  return Number.isFinite(n) ? n : null;
}

/** Unanswered: null, a blank string or an empty list. */
export function isBlankValue(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** Strict equality without coercion; lists compare item by item, rows never equal. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => typeof item === 'string' && item === b[i]);
  }
  return a === b;
}

/**
 * Rounds half away from zero to `digits` decimals (0–10). `toPrecision(15)` first
 * removes binary noise, so `round(1.005, 2)` is 1.01 and not 1.
 */
export function roundTo(x: number, digits: number): number | null {
  if (!Number.isInteger(digits) || digits < 0 || digits > 10) return null;
  const factor = 10 ** digits;
  const scaled = Number.parseFloat((Math.abs(x) * factor).toPrecision(15));
  return finiteOrNull((Math.sign(x) * Math.round(scaled)) / factor);
}
