import type { Expr } from './ast';
import { findFunction } from './functions';
import { asBoolean, asNumber, finiteOrNull, type Scope, toValue, type Value, valuesEqual } from './values';

export type { Scope, Value } from './values';

function arithmetic(op: '+' | '-' | '*' | '/', a: Value, b: Value): Value {
  const x = asNumber(a);
  const y = asNumber(b);
  if (x === null || y === null) return null;
  if (op === '+') return finiteOrNull(x + y);
  if (op === '-') return finiteOrNull(x - y);
  if (op === '*') return finiteOrNull(x * y);
  return y === 0 ? null : finiteOrNull(x / y);
}

function ordered(op: '<' | '<=' | '>' | '>=', a: Value, b: Value): boolean {
  const comparable =
    (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

/** Kleene logic: `false && null` is false, `true || null` is true, otherwise null spreads. */
function logical(op: '&&' | '||', expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): Value {
  const left = asBoolean(evaluate(expr.left, scope));
  if (op === '&&' && left === false) return false;
  if (op === '||' && left === true) return true;
  const right = asBoolean(evaluate(expr.right, scope));
  if (op === '&&') return right === false ? false : left === null || right === null ? null : true;
  return right === true ? true : left === null || right === null ? null : false;
}

function binary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): Value {
  const { op } = expr;
  if (op === '&&' || op === '||') return logical(op, expr, scope);
  const a = evaluate(expr.left, scope);
  const b = evaluate(expr.right, scope);
  switch (op) {
    case '+':
    case '-':
    case '*':
    case '/':
      return arithmetic(op, a, b);
    case '==':
      return valuesEqual(a, b);
    case '!=':
      return !valuesEqual(a, b);
    case 'in':
      return (typeof a === 'string' || typeof a === 'number') && Array.isArray(b) && b.some((x) => x === a);
    default:
      return ordered(op, a, b);
  }
}

/**
 * Evaluates a parsed expression against a scope. Total by construction: it returns a
 * value for any scope (unanswered or ill-typed values act as null) and never throws.
 * Semantics: arithmetic with null gives null, division by zero gives null, ordering
 * comparisons with null are false, `==`/`!=` treat null as a value (`x == null` tests
 * for unanswered and `!=` is the negation of `==`), `!null` is null.
 */
export function evaluate(expr: Expr, scope: Scope): Value {
  switch (expr.kind) {
    case 'literal':
      return toValue(expr.value);
    case 'ref':
      return toValue(scope(expr.name));
    case 'list': {
      const items: string[] = [];
      for (const item of expr.items) {
        const v = evaluate(item, scope);
        if (typeof v === 'string') items.push(v);
      }
      return items;
    }
    case 'unary': {
      const v = evaluate(expr.operand, scope);
      if (expr.op === '!') {
        const b = asBoolean(v);
        return b === null ? null : !b;
      }
      const n = asNumber(v);
      return n === null ? null : -n;
    }
    case 'binary':
      return binary(expr, scope);
    case 'call': {
      const spec = findFunction(expr.name);
      if (!spec || expr.args.length < spec.minArgs || expr.args.length > spec.maxArgs) return null;
      const result = spec.call(
        expr.args.map((arg) => evaluate(arg, scope)),
        expr.args,
      );
      return toValue(result);
    }
  }
}

/** Scope over a plain object, by own properties only (`constructor` is not a field). */
export function scopeOf(values: Readonly<Record<string, unknown>>): Scope {
  return (key) => (Object.hasOwn(values, key) ? values[key] : null);
}

/** True only when the expression evaluates to `true`; null and non-booleans are false. */
export function isTrue(expr: Expr, scope: Scope): boolean {
  return evaluate(expr, scope) === true;
}
