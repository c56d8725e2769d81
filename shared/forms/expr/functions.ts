import type { Expr, ExprType } from './ast';
import { asNumber, isBlankValue, roundTo, type Value } from './values';

/** What the type checker needs to know about the references in scope. */
export interface TypeEnv {
  /** Static type of a field key, or a Chinese reason why it cannot be used here. */
  typeOf(name: string): { type: ExprType; childTypes?: ReadonlyMap<string, ExprType> } | { error: string };
}

/** One built-in function: arity, static typing and a total runtime implementation. */
export interface FunctionSpec {
  minArgs: number;
  maxArgs: number;
  signature: string;
  /** Returns the result type, or a Chinese message; `types` are the argument types. */
  check(types: ExprType[], args: Expr[], env: TypeEnv): ExprType | string;
  call(values: Value[], args: Expr[]): Value;
}

const fits = (actual: ExprType, ...expected: ExprType[]): boolean =>
  actual === 'any' || actual === 'null' || expected.includes(actual);

function numbersOnly(types: ExprType[]): ExprType | string {
  return types.every((t) => fits(t, 'number')) ? 'number' : '参数必须是数值';
}

function extreme(pick: (a: number, b: number) => number) {
  return (values: Value[]): Value => {
    let result: number | null = null;
    for (const value of values) {
      const n = asNumber(value);
      if (n === null) return null;
      result = result === null ? n : pick(result, n);
    }
    return result;
  };
}

/** The built-in functions. Each one is total: bad runtime input gives null (or 0 for counts). */
export const builtinFunctions: Readonly<Record<string, FunctionSpec>> = {
  count: {
    minArgs: 1,
    maxArgs: 1,
    signature: 'count(列表、重复组或附件)',
    check: ([t = 'any']) => (fits(t, 'list', 'rows', 'files') ? 'number' : '参数必须是多选、重复组或附件'),
    call: ([v]) => (Array.isArray(v) ? v.length : 0),
  },
  sum: {
    minArgs: 2,
    maxArgs: 2,
    signature: "sum(重复组, '字段标识')",
    check: ([rows = 'any'], [source, key], env) => {
      if (!fits(rows, 'rows') || source?.kind !== 'ref') return '第一个参数必须是重复组字段';
      if (key?.kind !== 'literal' || typeof key.value !== 'string') return '第二个参数必须是带引号的字段标识';
      const info = env.typeOf(source.name);
      const childType = 'childTypes' in info ? info.childTypes?.get(key.value) : undefined;
      if (childType === undefined) return `重复组 ${source.name} 中没有字段 ${key.value}`;
      return childType === 'number' ? 'number' : `字段 ${key.value} 不是数值`;
    },
    call: ([rows, key]) => {
      if (!Array.isArray(rows) || typeof key !== 'string') return 0;
      let total = 0;
      for (const row of rows) {
        const n = typeof row === 'object' && Object.hasOwn(row, key) ? row[key] : null;
        if (typeof n === 'number' && Number.isFinite(n)) total += n;
      }
      return Number.isFinite(total) ? total : null;
    },
  },
  min: { minArgs: 1, maxArgs: 10, signature: 'min(数值, …)', check: numbersOnly, call: extreme(Math.min) },
  max: { minArgs: 1, maxArgs: 10, signature: 'max(数值, …)', check: numbersOnly, call: extreme(Math.max) },
  round: {
    minArgs: 1,
    maxArgs: 2,
    signature: 'round(数值, 小数位数)',
    check: (types, [, digits]) => {
      if (!types.every((t) => fits(t, 'number'))) return '参数必须是数值';
      if (digits && digits.kind === 'literal') {
        const d = digits.value;
        if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 10)
          return '小数位数必须是 0–10 的整数';
      }
      return 'number';
    },
    call: ([x = null, digits = 0]) => {
      const n = asNumber(x);
      const d = asNumber(digits);
      return n === null || d === null ? null : roundTo(n, d);
    },
  },
  isBlank: {
    minArgs: 1,
    maxArgs: 1,
    signature: 'isBlank(任意值)',
    check: () => 'boolean',
    call: ([v]) => isBlankValue(v),
  },
  contains: {
    minArgs: 2,
    maxArgs: 2,
    signature: "contains(多选, '选项值')",
    check: ([list = 'any', item = 'any']) =>
      fits(list, 'list') && fits(item, 'string') ? 'boolean' : '参数应为（多选, 文本）',
    call: ([list, item]) => Array.isArray(list) && typeof item === 'string' && list.some((x) => x === item),
  },
  len: {
    minArgs: 1,
    maxArgs: 1,
    signature: 'len(文本)',
    check: ([t = 'any']) => (fits(t, 'string') ? 'number' : '参数必须是文本'),
    call: ([v]) => (typeof v === 'string' ? [...v].length : 0),
  },
};

/** Own-property lookup, so `constructor(x)` is an unknown function and not Object's. */
export function findFunction(name: string): FunctionSpec | undefined {
  return Object.hasOwn(builtinFunctions, name) ? builtinFunctions[name] : undefined;
}
