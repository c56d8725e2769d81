import type { CompiledField, CompiledForm, CompiledSection } from './compiled-form';
import { evaluate, isBlankValue, isTrue, roundTo, type Scope, scopeOf } from './expr';

/** Path of an answer value, e.g. `['leaders', 0, 'name']`. */
export type AnswerPath = readonly (string | number)[];

/**
 * Turns a non-blank raw answer into the value expressions and the cleaned answers use;
 * returns null when the value is unusable (the caller records why).
 */
export type Accept = (field: CompiledField, raw: unknown, path: AnswerPath) => unknown;

/** A visible field as met while computing the state, with the scope its rules read. */
export interface FieldVisit {
  field: CompiledField;
  path: AnswerPath;
  /** The accepted value, or null when unanswered or unusable. */
  value: unknown;
  scope: Scope;
}

/** Answers after applying the form's logic. */
export interface FormState {
  /** Visible, answered values plus calculated ones; hidden and blank answers are absent. */
  values: Record<string, unknown>;
  /** Every visible field, repeat rows' fields included, in computation order. */
  visits: FieldVisit[];
  /** Keys of the visible top-level fields. */
  visible: ReadonlySet<string>;
}

const sectionMaps = new WeakMap<CompiledForm, ReadonlyMap<string, CompiledSection>>();

function sectionsByKey(form: CompiledForm): ReadonlyMap<string, CompiledSection> {
  let map = sectionMaps.get(form);
  if (!map) {
    map = new Map(form.sections.map((s) => [s.key, s]));
    sectionMaps.set(form, map);
  }
  return map;
}

function own(record: unknown, key: string): unknown {
  return typeof record === 'object' && record !== null && Object.hasOwn(record, key)
    ? (Reflect.get(record, key) as unknown)
    : undefined;
}

function calculate(field: CompiledField, scope: Scope): number | null {
  if (!field.calc || field.field.type !== 'calculated') return null;
  const value = evaluate(field.calc, scope);
  if (typeof value !== 'number') return null;
  const { decimals } = field.field;
  return decimals === undefined ? value : roundTo(value, decimals);
}

function computeRows(
  field: CompiledField,
  rows: unknown,
  top: Scope,
  accept: Accept,
  visits: FieldVisit[],
): Record<string, unknown>[] | null {
  if (!Array.isArray(rows)) return null;
  return rows.map((row: unknown, index) => {
    const rowValues: Record<string, unknown> = {};
    const rowScope: Scope = (key) => (Object.hasOwn(rowValues, key) ? rowValues[key] : top(key));
    for (const child of field.children) {
      if (child.visibleIf && !isTrue(child.visibleIf, rowScope)) continue;
      const path = [field.key, index, child.key];
      const raw = own(row, child.key);
      const value = isBlankValue(raw) ? null : accept(child, raw, path);
      const clean = isBlankValue(value) ? null : value;
      if (clean !== null) rowValues[child.key] = clean;
      visits.push({ field: child, path, value: clean, scope: rowScope });
    }
    return rowValues;
  });
}

/**
 * Applies the form's logic to answers, in dependency order: a field is visible when
 * its section's and its own `visibleIf` are true; hidden fields are dropped and read
 * as null by later expressions; calculated fields are computed (client values for
 * them are never read); repeat rows are computed row by row with a row scope that
 * sees the row's fields first, then the top-level ones.
 */
export function computeFormState(
  form: CompiledForm,
  answers: unknown,
  accept: Accept = (_field, raw) => raw,
): FormState {
  const values: Record<string, unknown> = {};
  const visits: FieldVisit[] = [];
  const visible = new Set<string>();
  const top = scopeOf(values);
  const sections = sectionsByKey(form);
  const sectionShown = new Map<string, boolean>();
  for (const field of form.order) {
    const section = sections.get(field.sectionKey);
    let shown = sectionShown.get(field.sectionKey);
    if (shown === undefined) {
      shown = !section?.visibleIf || isTrue(section.visibleIf, top);
      sectionShown.set(field.sectionKey, shown);
    }
    if (!shown || (field.visibleIf && !isTrue(field.visibleIf, top))) continue;
    visible.add(field.key);
    const raw = own(answers, field.key);
    let value: unknown;
    if (field.field.type === 'calculated') value = calculate(field, top);
    else if (isBlankValue(raw)) value = null;
    else if (field.field.type === 'repeat') {
      value = computeRows(field, accept(field, raw, [field.key]), top, accept, visits);
    } else value = accept(field, raw, [field.key]);
    const clean = isBlankValue(value) ? null : value;
    if (clean !== null) values[field.key] = clean;
    visits.push({ field, path: [field.key], value: clean, scope: top });
  }
  return { values, visits, visible };
}
