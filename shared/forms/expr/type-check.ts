import { type Expr, type ExprError, type ExprType, isExprType, typeLabels } from './ast';
import { findFunction, type TypeEnv } from './functions';

export type { TypeEnv } from './functions';

/** The inferred type of an expression and every type error found in it. */
export interface TypeCheckResult {
  type: ExprType;
  errors: ExprError[];
}

const label = (t: ExprType): string => typeLabels[t];
const loose = (t: ExprType): boolean => t === 'any' || t === 'null';

class Checker {
  readonly errors: ExprError[] = [];

  constructor(private readonly env: TypeEnv) {}

  private fail(pos: number, message: string): ExprType {
    this.errors.push({ pos, message });
    return 'any';
  }

  /** Reports unless `actual` is one of `expected` (or already unknown/null). */
  private want(expr: Expr, actual: ExprType, expected: ExprType, what: string): void {
    if (!loose(actual) && actual !== expected) {
      this.fail(expr.pos, `${what}需要${label(expected)}，但这里是${label(actual)}`);
    }
  }

  infer(expr: Expr): ExprType {
    switch (expr.kind) {
      case 'literal':
        if (expr.value === null) return 'null';
        return typeof expr.value === 'number'
          ? 'number'
          : typeof expr.value === 'string'
            ? 'string'
            : 'boolean';
      case 'ref': {
        const info = this.env.typeOf(expr.name);
        return 'error' in info ? this.fail(expr.pos, info.error) : info.type;
      }
      case 'list':
        for (const item of expr.items) {
          if (item.kind !== 'literal' || typeof item.value !== 'string') {
            this.fail(item.pos, "列表中只能写带引号的文本，如 ['a', 'b']");
          }
        }
        return 'list';
      case 'unary': {
        const t = this.infer(expr.operand);
        if (expr.op === '!') this.want(expr.operand, t, 'boolean', '“非”运算');
        else this.want(expr.operand, t, 'number', '负号');
        return expr.op === '!' ? 'boolean' : 'number';
      }
      case 'binary':
        return this.binary(expr);
      case 'call':
        return this.call(expr);
    }
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>): ExprType {
    const left = this.infer(expr.left);
    const right = this.infer(expr.right);
    switch (expr.op) {
      case '+':
      case '-':
      case '*':
      case '/':
        this.want(expr.left, left, 'number', `运算“${expr.op}”`);
        this.want(expr.right, right, 'number', `运算“${expr.op}”`);
        return 'number';
      case '&&':
      case '||':
        this.want(expr.left, left, 'boolean', '逻辑运算');
        this.want(expr.right, right, 'boolean', '逻辑运算');
        return 'boolean';
      case '==':
      case '!=':
        if (!loose(left) && !loose(right) && left !== right) {
          this.fail(expr.pos, `不能比较${label(left)}和${label(right)}`);
        }
        return 'boolean';
      case 'in':
        this.want(expr.left, left, 'string', '“in”左边');
        this.want(expr.right, right, 'list', '“in”右边');
        return 'boolean';
      default: {
        const ordered = (t: ExprType) => loose(t) || t === 'number' || t === 'string';
        if (!ordered(left) || !ordered(right) || (!loose(left) && !loose(right) && left !== right)) {
          this.fail(expr.pos, `不能比较${label(left)}和${label(right)}的大小`);
        }
        return 'boolean';
      }
    }
  }

  private call(expr: Extract<Expr, { kind: 'call' }>): ExprType {
    const types = expr.args.map((arg) => this.infer(arg));
    const spec = findFunction(expr.name);
    if (!spec) return this.fail(expr.pos, `未知的函数“${expr.name}”`);
    const n = expr.args.length;
    if (n < spec.minArgs || n > spec.maxArgs) {
      const expected = spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs}–${spec.maxArgs}`;
      return this.fail(
        expr.pos,
        `函数 ${expr.name} 需要 ${expected} 个参数，实际 ${n} 个（用法：${spec.signature}）`,
      );
    }
    const result = spec.check(types, expr.args, this.env);
    return isExprType(result) ? result : this.fail(expr.pos, `${expr.name}：${result}`);
  }
}

/** Infers the static type of a parsed expression and lists every type error. */
export function typeCheck(expr: Expr, env: TypeEnv): TypeCheckResult {
  const checker = new Checker(env);
  const type = checker.infer(expr);
  return { type, errors: checker.errors };
}
