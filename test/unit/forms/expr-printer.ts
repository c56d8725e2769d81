import type { Expr } from '../../../shared/forms/expr';

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Prints a tree back to source, fully parenthesised, so parsing it must give the same meaning. */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'literal':
      if (expr.value === null) return 'null';
      if (typeof expr.value === 'string') return quote(expr.value);
      return String(expr.value);
    case 'ref':
      return expr.name;
    case 'list':
      return `[${expr.items.map(printExpr).join(', ')}]`;
    case 'unary':
      return expr.op === '!' ? `(not ${printExpr(expr.operand)})` : `(-${printExpr(expr.operand)})`;
    case 'binary':
      return `(${printExpr(expr.left)} ${expr.op} ${printExpr(expr.right)})`;
    case 'call':
      return `${expr.name}(${expr.args.map(printExpr).join(', ')})`;
  }
}
