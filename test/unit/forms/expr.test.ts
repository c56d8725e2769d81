import { describe, expect, it } from 'vitest';
import {
  type ExprType,
  evaluate,
  maxExpressionLength,
  parseExpression,
  scopeOf,
  type TypeEnv,
  typeCheck,
} from '../../../shared/forms/expr';

function parse(source: string) {
  const result = parseExpression(source);
  if (!result.ok) throw new Error(`${source}: ${result.error.message} at ${result.error.pos}`);
  return result.expr;
}

const run = (source: string, values: Record<string, unknown> = {}) =>
  evaluate(parse(source), scopeOf(values));

describe('parser', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 - 4 - 3', 3],
    ['12 / 4 / 3', 1],
    ['-2 * 3', -6],
    ['- -2', 2],
    ['.5 + 1.25', 1.75],
    ['1 < 2 && 2 < 3', true],
    ['true || false && false', true],
    ['not 1 > 2', true],
    ["not 'a' in ['b']", true],
    ['!(1 == 1)', false],
    ['true and not false or false', true],
    ["'it\\'s' == \"it's\"", true],
  ])('%s → %s', (source, expected) => {
    expect(run(source)).toBe(expected);
  });

  it.each([
    ['1 +', 3, '表达式不完整'],
    ['(1 + 2', 6, '缺少右括号'],
    ['a = 1', 2, '比较相等请用 =='],
    ['a & b', 2, '请用 && 或 ||'],
    ["'abc", 0, '缺少结束引号'],
    ['1 < 2 < 3', 6, '比较不能连写'],
    ['count(a,', 8, '表达式不完整'],
    ['count(a b)', 8, '函数参数缺少'],
    ['[1, 2', 0, '列表缺少'],
    ['1 2', 2, '多余的内容'],
    ['1.', 2, '小数点后缺少数字'],
    ['a in', 4, '表达式不完整'],
    ['and', 0, '此处不能出现“and”'],
    ['#', 0, '无法识别的字符'],
  ])('%s is a syntax error at %i', (source, pos, message) => {
    const result = parseExpression(source);
    expect(result).toEqual({ ok: false, error: { pos, message: expect.stringContaining(message) } });
  });

  it('refuses very deep nesting and very long sources instead of overflowing', () => {
    expect(parseExpression(`${'('.repeat(500)}1${')'.repeat(500)}`)).toMatchObject({
      ok: false,
      error: { message: '表达式嵌套过深' },
    });
    expect(parseExpression('1+'.repeat(maxExpressionLength))).toMatchObject({ ok: false });
  });
});

describe('evaluator semantics', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['x + 1', {}, null],
    ['x * 2', { x: null }, null],
    ['1 / 0', {}, null],
    ['x / y', { x: 1, y: 0 }, null],
    ['x < 1', {}, false],
    ['x >= 1', {}, false],
    ['x == null', {}, true],
    ['x == null', { x: 0 }, false],
    ['x != null', { x: 'a' }, true],
    ['x != 1', {}, true],
    ['x == 1', {}, false],
    ["x in ['a']", {}, false],
    ['!x', {}, null],
    ['x && false', {}, false],
    ['x && true', {}, null],
    ['x || true', {}, true],
    ['x || false', {}, null],
    ['x + 1', { x: 'text' }, null],
    ['x < 1', { x: 'text' }, false],
    ["x == '1'", { x: 1 }, false],
    ['x + 1', { x: Number.NaN }, null],
    ['x * x', { x: 1e308 }, null],
    ['constructor == null', {}, true],
    ['a < b', { a: '2023-01-02', b: '2023-10-01' }, true],
  ])('%s with %j → %j', (source, values, expected) => {
    expect(run(source, values)).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, unknown]>([
    ['count(kinds)', { kinds: ['a', 'b'] }, 2],
    ['count(kinds)', {}, 0],
    ['count(rows)', { rows: [{}, {}, {}] }, 3],
    ["sum(rows, 'age')", { rows: [{ age: 60 }, { age: 'x' }, {}, { age: 70 }] }, 130],
    ["sum(rows, 'age')", {}, 0],
    ['min(3, 1, 2)', {}, 1],
    ['max(3, x)', { x: 7 }, 7],
    ['max(3, x)', {}, null],
    ['round(1.005, 2)', {}, 1.01],
    ['round(2.5)', {}, 3],
    ['round(-2.5)', {}, -3],
    ['round(x, 4)', { x: 2 / 3 }, 0.6667],
    ['round(1, 11)', {}, null],
    ['isBlank(x)', { x: '  ' }, true],
    ['isBlank(x)', { x: [] }, true],
    ['isBlank(x)', { x: 0 }, false],
    ["contains(kinds, 'b')", { kinds: ['a', 'b'] }, true],
    ["contains(kinds, 'b')", {}, false],
    ['len(name)', { name: '老年协会' }, 4],
    ['len(name)', {}, 0],
    ['unknownFn(1)', {}, null],
    ['count()', {}, null],
  ])('%s with %j → %j', (source, values, expected) => {
    expect(run(source, values)).toEqual(expected);
  });
});

describe('type checker', () => {
  const types: Record<string, ExprType> = {
    n: 'number',
    s: 'string',
    b: 'boolean',
    l: 'list',
    r: 'rows',
    f: 'files',
  };
  const env: TypeEnv = {
    typeOf: (name) =>
      name in types
        ? {
            type: types[name] ?? 'any',
            childTypes: new Map<string, ExprType>([
              ['age', 'number'],
              ['who', 'string'],
            ]),
          }
        : { error: `引用了不存在的字段“${name}”` },
  };
  const check = (source: string) => typeCheck(parse(source), env);

  it.each<[string, ExprType]>([
    ['n + 1', 'number'],
    ["s == 'x' && b", 'boolean'],
    ["s in ['a', 'b']", 'boolean'],
    ['count(l) + count(r) + count(f)', 'number'],
    ["sum(r, 'age')", 'number'],
    ['n == null', 'boolean'],
    ["contains(l, 'a')", 'boolean'],
    ['round(n / 3, 2)', 'number'],
    ['len(s) > 2', 'boolean'],
  ])('%s is %s', (source, type) => {
    expect(check(source)).toEqual({ type, errors: [] });
  });

  it.each([
    ['b + 1', '需要数值'],
    ["n == 'x'", '不能比较数值和文本'],
    ['l < 2', '不能比较'],
    ['n && b', '逻辑运算需要布尔值'],
    ['!n', '“非”运算需要布尔值'],
    ['-s', '负号需要数值'],
    ["n in ['a']", '“in”左边需要文本'],
    ["s in 'a'", '“in”右边需要列表'],
    ["sum(r, 'who')", '字段 who 不是数值'],
    ["sum(r, 'nope')", '没有字段 nope'],
    ["sum(l, 'age')", '第一个参数必须是重复组字段'],
    ['sum(r, n)', '带引号的字段标识'],
    ['round(n, 1.5)', '0–10 的整数'],
    ['len(n)', '参数必须是文本'],
    ["contains(s, 'a')", '参数应为（多选, 文本）'],
    ['min(s)', '参数必须是数值'],
    ['ghost > 1', '不存在的字段“ghost”'],
    ['count(l, l)', '需要 1 个参数'],
    ['constructor(1)', '未知的函数“constructor”'],
  ])('%s → %s', (source, message) => {
    const { errors } = check(source);
    expect(errors).toContainEqual({ pos: expect.any(Number), message: expect.stringContaining(message) });
  });
});
