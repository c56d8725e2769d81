import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateAnswers } from '../../../shared/forms/answers';
import type { CompiledForm } from '../../../shared/forms/compiled-form';
import {
  type BinaryOp,
  builtinFunctions,
  type Expr,
  type ExprType,
  evaluate,
  parseExpression,
  scopeOf,
  typeCheck,
} from '../../../shared/forms/expr';
import { computeFormState } from '../../../shared/forms/form-runtime';
import { scoreAnswers } from '../../../shared/forms/scoring';
import { printExpr } from './expr-printer';
import { compileShipped, shippedFormIds } from './form-files';

const binaryOps: BinaryOp[] = ['+', '-', '*', '/', '==', '!=', '<', '<=', '>', '>=', '&&', '||', 'in'];
const functionNames = Object.keys(builtinFunctions);
const names = ['a', 'b', 'kinds', 'rows', 'constructor', '__proto__', 'toString'];

/** A value the evaluator may return: null, boolean, finite number, string or list. */
function isValue(v: unknown): boolean {
  return (
    v === null ||
    typeof v === 'boolean' ||
    typeof v === 'string' ||
    (typeof v === 'number' && Number.isFinite(v)) ||
    Array.isArray(v)
  );
}

/** Any JS value a scope might hold, including ones JSON cannot carry. */
const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.anything(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, undefined, () => 1, Symbol('s')),
  fc.array(fc.string()),
  fc.array(fc.dictionary(fc.string(), fc.jsonValue())),
);
const scopeArb = fc.dictionary(fc.constantFrom(...names, 'age', 'x'), anyValue);

/** Random trees, including ones the parser could never produce (NaN literals, unknown functions). */
const { tree: wildTree } = fc.letrec<{ tree: Expr }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('literal' as const),
      value: fc.oneof(fc.double(), fc.string(), fc.boolean(), fc.constant(null)),
      pos: fc.nat(),
    }),
    fc.record({
      kind: fc.constant('ref' as const),
      name: fc.oneof(fc.constantFrom(...names), fc.string()),
      pos: fc.nat(),
    }),
    fc.record({
      kind: fc.constant('list' as const),
      items: fc.array(tie('tree'), { maxLength: 3 }),
      pos: fc.nat(),
    }),
    fc.record({
      kind: fc.constant('unary' as const),
      op: fc.constantFrom('!' as const, '-' as const),
      operand: tie('tree'),
      pos: fc.nat(),
    }),
    fc.record({
      kind: fc.constant('binary' as const),
      op: fc.constantFrom(...binaryOps),
      left: tie('tree'),
      right: tie('tree'),
      pos: fc.nat(),
    }),
    fc.record({
      kind: fc.constant('call' as const),
      name: fc.oneof(fc.constantFrom(...functionNames), fc.string()),
      args: fc.array(tie('tree'), { maxLength: 4 }),
      pos: fc.nat(),
    }),
  ),
}));

/** Trees the printer can write back as source: plain numbers, valid names, known functions. */
const { tree: printableTree } = fc.letrec<{ tree: Expr }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({
      kind: fc.constant('literal' as const),
      value: fc.oneof(
        fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
        fc.string(),
        fc.boolean(),
        fc.constant(null),
      ),
      pos: fc.constant(0),
    }),
    fc.record({
      kind: fc.constant('ref' as const),
      name: fc.constantFrom('a', 'b', 'kinds', 'rows', 'x'),
      pos: fc.constant(0),
    }),
    fc.record({
      kind: fc.constant('list' as const),
      items: fc.array(tie('tree'), { maxLength: 3 }),
      pos: fc.constant(0),
    }),
    fc.record({
      kind: fc.constant('unary' as const),
      op: fc.constantFrom('!' as const, '-' as const),
      operand: tie('tree'),
      pos: fc.constant(0),
    }),
    fc.record({
      kind: fc.constant('binary' as const),
      op: fc.constantFrom(...binaryOps),
      left: tie('tree'),
      right: tie('tree'),
      pos: fc.constant(0),
    }),
    fc.record({
      kind: fc.constant('call' as const),
      name: fc.constantFrom(...functionNames),
      args: fc.array(tie('tree'), { maxLength: 3 }),
      pos: fc.constant(0),
    }),
  ),
}));

/** Token soup: mostly-valid fragments glued together, to reach deep into the parser. */
const tokenSoup = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '(',
        ')',
        '[',
        ']',
        ',',
        '+',
        '-',
        '*',
        '/',
        '==',
        '!=',
        '<',
        '<=',
        '>',
        '>=',
        '&&',
        '||',
        '!',
      ),
      fc.constantFrom(
        'and',
        'or',
        'not',
        'in',
        'true',
        'false',
        'null',
        'count',
        'sum',
        'round',
        'a',
        'kinds',
      ),
      fc.constantFrom("'x'", '"y"', '1', '2.5', '.5', "'unterminated", '=', '&', '#', '老'),
    ),
    { maxLength: 25 },
  )
  .map((parts) => parts.join(' '));

describe('the evaluator is total', () => {
  it('never throws on random trees and random scopes, and returns a proper value', () => {
    fc.assert(
      fc.property(wildTree, scopeArb, (tree, values) => {
        const result = evaluate(tree, scopeOf(values));
        expect(isValue(result)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('the type checker never throws on random trees', () => {
    const types: ExprType[] = ['number', 'string', 'boolean', 'list', 'rows', 'files', 'null', 'any'];
    fc.assert(
      fc.property(wildTree, fc.constantFrom(...types), (tree, type) => {
        const result = typeCheck(tree, { typeOf: (name) => (name === 'a' ? { type } : { error: '不存在' }) });
        expect(types).toContain(result.type);
      }),
      { numRuns: 1000 },
    );
  });

  it('the parser never throws, and reports positions inside the source', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), tokenSoup), scopeArb, (source, values) => {
        const parsed = parseExpression(source);
        if (!parsed.ok) {
          expect(parsed.error.pos).toBeGreaterThanOrEqual(0);
          expect(parsed.error.pos).toBeLessThanOrEqual(source.length);
          expect(parsed.error.message).toMatch(/[\u4e00-\u9fff]/);
        } else expect(isValue(evaluate(parsed.expr, scopeOf(values)))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('printing a tree and parsing it back keeps its meaning', () => {
    fc.assert(
      fc.property(printableTree, scopeArb, (tree, values) => {
        const parsed = parseExpression(printExpr(tree));
        if (!parsed.ok) throw new Error(`${printExpr(tree)}: ${parsed.error.message}`);
        const scope = scopeOf(values);
        expect(evaluate(parsed.expr, scope)).toEqual(evaluate(tree, scope));
      }),
      { numRuns: 1000 },
    );
  });
});

/** Every expression of a compiled form, with where it lives. */
function expressionsOf(form: CompiledForm): [string, Expr][] {
  const out: [string, Expr][] = [];
  for (const section of form.sections)
    if (section.visibleIf) out.push([`${section.key}.visibleIf`, section.visibleIf]);
  for (const [key, field] of form.fields) {
    if (field.visibleIf) out.push([`${key}.visibleIf`, field.visibleIf]);
    if (field.requiredIf) out.push([`${key}.requiredIf`, field.requiredIf]);
    if (field.calc) out.push([`${key}.expr`, field.calc]);
    for (const c of field.constraints) out.push([`${key}.constraint`, c.expr]);
  }
  return out;
}

describe.each(shippedFormIds.map((id) => [id, compileShipped(id)] as const))(
  'expressions of %s',
  (_id, form) => {
    const keys = [...form.fields.keys()];
    const randomAnswers = fc.dictionary(fc.constantFrom(...keys), anyValue);

    it('has expressions to test', () => {
      expect(expressionsOf(form).length).toBeGreaterThan(0);
    });

    it('every expression evaluates without throwing for any values of the fields', () => {
      const expressions = expressionsOf(form);
      fc.assert(
        fc.property(randomAnswers, (values) => {
          for (const [, expr] of expressions) expect(isValue(evaluate(expr, scopeOf(values)))).toBe(true);
        }),
        { numRuns: 500 },
      );
    });

    it('state, validation and scoring never throw on random answers', () => {
      fc.assert(
        fc.property(fc.oneof(randomAnswers, anyValue), (answers) => {
          computeFormState(form, answers);
          const validated = validateAnswers(form, answers);
          if (!validated.ok)
            for (const issue of validated.issues) expect(issue.message).toMatch(/[\u4e00-\u9fff]/);
          const score = scoreAnswers(form, answers);
          expect(Number.isFinite(score.total)).toBe(true);
          expect(score.total).toBeLessThanOrEqual(score.maxTotal);
        }),
        { numRuns: 300 },
      );
    });
  },
);
