/**
 * The expression language used by form conditions, constraints and calculated fields.
 * Browser-safe: no zod, no node:* imports.
 */
export {
  type BinaryOp,
  collectRefs,
  type Expr,
  type ExprError,
  type ExprType,
  reservedWords,
  typeLabels,
  type UnaryOp,
} from './ast';
export { evaluate, isTrue, type Scope, scopeOf, type Value } from './evaluate';
export { builtinFunctions } from './functions';
export { maxExpressionLength, type ParseResult, parseExpression } from './parser';
export { type TypeCheckResult, type TypeEnv, typeCheck } from './type-check';
export { isBlankValue, roundTo } from './values';
