/**
 * The expression language's syntax tree and static types. Expressions are parsed once
 * into this tree and only ever interpreted by `evaluate`: there is no `eval` anywhere.
 * Kept free of zod and node:* so the browser can import the whole `expr/` folder.
 */

/** Binary operators; `in` tests membership of a value in a list. */
export type BinaryOp = '+' | '-' | '*' | '/' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||' | 'in';

/** Unary operators: logical not (`!` or `not`) and numeric negation. */
export type UnaryOp = '!' | '-';

/** A literal scalar value. */
export type LiteralValue = number | string | boolean | null;

/** One node of the tree; `pos` is the 0-based offset of the node in the source text. */
export type Expr =
  | { kind: 'literal'; value: LiteralValue; pos: number }
  | { kind: 'ref'; name: string; pos: number }
  | { kind: 'list'; items: Expr[]; pos: number }
  | { kind: 'unary'; op: UnaryOp; operand: Expr; pos: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; pos: number }
  | { kind: 'call'; name: string; args: Expr[]; pos: number };

/**
 * Static types: `list` is a list of strings (a multiple choice or a list literal),
 * `rows` the rows of a repeat group, `files` attachment metadata, `null` the null
 * literal (compatible with everything) and `any` a type already reported as wrong.
 */
export type ExprType = 'number' | 'string' | 'boolean' | 'list' | 'rows' | 'files' | 'null' | 'any';

/** Chinese names of the static types, for messages. */
export const typeLabels: Record<ExprType, string> = {
  number: '数值',
  string: '文本',
  boolean: '布尔值（是/否）',
  list: '列表',
  rows: '重复组',
  files: '附件',
  null: '空值',
  any: '任意',
};

/** Narrows a string to a static type name. */
export function isExprType(value: string): value is ExprType {
  return Object.hasOwn(typeLabels, value);
}

/** A problem found in an expression, at a 0-based offset of its source text. */
export interface ExprError {
  pos: number;
  message: string;
}

/** Words that cannot be field keys because the grammar gives them a meaning. */
export const reservedWords: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'and',
  'or',
  'not',
  'in',
]);

/** Every field key referenced by an expression (not counting `sum`'s quoted child key). */
export function collectRefs(expr: Expr, into: Set<string> = new Set()): Set<string> {
  switch (expr.kind) {
    case 'ref':
      into.add(expr.name);
      break;
    case 'list':
      for (const item of expr.items) collectRefs(item, into);
      break;
    case 'unary':
      collectRefs(expr.operand, into);
      break;
    case 'binary':
      collectRefs(expr.left, into);
      collectRefs(expr.right, into);
      break;
    case 'call':
      for (const arg of expr.args) collectRefs(arg, into);
      break;
    case 'literal':
      break;
  }
  return into;
}
