import type { BinaryOp, Expr, ExprError } from './ast';
import { ExprSyntaxError, type Token, tokenize } from './tokenizer';

/** Longer sources or deeper nesting are refused, so parsing and evaluating stay bounded. */
export const maxExpressionLength = 2000;
const maxDepth = 64;

/** The result of parsing: a tree, or the first syntax error with its position. */
export type ParseResult = { ok: true; expr: Expr } | { ok: false; error: ExprError };

const comparisonOps: Record<string, BinaryOp> = {
  '==': '==',
  '!=': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

/**
 * Recursive descent over the grammar, lowest precedence first:
 * or → and → not → comparison (non-associative, includes `in`) → additive →
 * multiplicative → unary minus → primary. `not`/`!` binds looser than comparisons,
 * so `not x in ['a']` reads as `not (x in ['a'])`.
 */
class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Expr {
    const expr = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new ExprSyntaxError(rest.pos, `多余的内容“${rest.text}”`);
    return expr;
  }

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '', pos: 0 };
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private isWord(token: Token, ...words: string[]): boolean {
    return (
      (token.kind === 'op' || token.kind === 'ident' || token.kind === 'punct') && words.includes(token.text)
    );
  }

  private expect(text: string, message: string): Token {
    const token = this.peek();
    if (token.kind !== 'punct' || token.text !== text) throw new ExprSyntaxError(token.pos, message);
    return this.next();
  }

  private nested<T>(pos: number, parse: () => T): T {
    if (++this.depth > maxDepth) throw new ExprSyntaxError(pos, '表达式嵌套过深');
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isWord(this.peek(), '||', 'or')) {
      const op = this.next();
      left = { kind: 'binary', op: '||', left, right: this.parseAnd(), pos: op.pos };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isWord(this.peek(), '&&', 'and')) {
      const op = this.next();
      left = { kind: 'binary', op: '&&', left, right: this.parseNot(), pos: op.pos };
    }
    return left;
  }

  private parseNot(): Expr {
    const token = this.peek();
    if (this.isWord(token, '!', 'not')) {
      this.next();
      return this.nested(token.pos, () => ({
        kind: 'unary',
        op: '!',
        operand: this.parseNot(),
        pos: token.pos,
      }));
    }
    return this.parseComparison();
  }

  private parseComparison(): Expr {
    const left = this.parseAdditive();
    const token = this.peek();
    const op = token.kind === 'op' ? comparisonOps[token.text] : this.isWord(token, 'in') ? 'in' : undefined;
    if (!op) return left;
    this.next();
    const right = this.parseAdditive();
    const after = this.peek();
    if ((after.kind === 'op' && comparisonOps[after.text]) || this.isWord(after, 'in')) {
      throw new ExprSyntaxError(after.pos, '比较不能连写，请用 && 连接两个比较');
    }
    return { kind: 'binary', op, left, right, pos: token.pos };
  }

  private parseAdditive(): Expr {
    let left = this.parseMultiplicative();
    while (this.isWord(this.peek(), '+', '-')) {
      const op = this.next();
      const right = this.parseMultiplicative();
      left = { kind: 'binary', op: op.text === '+' ? '+' : '-', left, right, pos: op.pos };
    }
    return left;
  }

  private parseMultiplicative(): Expr {
    let left = this.parseUnary();
    while (this.isWord(this.peek(), '*', '/')) {
      const op = this.next();
      const right = this.parseUnary();
      left = { kind: 'binary', op: op.text === '*' ? '*' : '/', left, right, pos: op.pos };
    }
    return left;
  }

  private parseUnary(): Expr {
    const token = this.peek();
    if (token.kind === 'op' && token.text === '-') {
      this.next();
      return this.nested(token.pos, () => ({
        kind: 'unary',
        op: '-',
        operand: this.parseUnary(),
        pos: token.pos,
      }));
    }
    return this.parsePrimary();
  }

  private parseList(open: Token, close: string, what: string): Expr[] {
    const items: Expr[] = [];
    if (this.isWord(this.peek(), close)) {
      this.next();
      return items;
    }
    for (;;) {
      items.push(this.parseOr());
      const token = this.next();
      if (token.kind === 'punct' && token.text === close) return items;
      if (token.kind !== 'punct' || token.text !== ',') {
        throw new ExprSyntaxError(token.kind === 'end' ? open.pos : token.pos, `${what}缺少“${close}”或“,”`);
      }
    }
  }

  private parsePrimary(): Expr {
    const token = this.next();
    if (token.kind === 'number') return { kind: 'literal', value: Number(token.value), pos: token.pos };
    if (token.kind === 'string') return { kind: 'literal', value: String(token.value), pos: token.pos };
    if (token.kind === 'punct' && token.text === '(') {
      const inner = this.nested(token.pos, () => this.parseOr());
      this.expect(')', '缺少右括号“)”');
      return inner;
    }
    if (token.kind === 'punct' && token.text === '[') {
      const items = this.nested(token.pos, () => this.parseList(token, ']', '列表'));
      return { kind: 'list', items, pos: token.pos };
    }
    if (token.kind === 'ident') {
      if (token.text === 'true' || token.text === 'false') {
        return { kind: 'literal', value: token.text === 'true', pos: token.pos };
      }
      if (token.text === 'null') return { kind: 'literal', value: null, pos: token.pos };
      if (['and', 'or', 'not', 'in'].includes(token.text)) {
        throw new ExprSyntaxError(token.pos, `此处不能出现“${token.text}”`);
      }
      const open = this.peek();
      if (open.kind === 'punct' && open.text === '(') {
        this.next();
        const args = this.nested(open.pos, () => this.parseList(open, ')', '函数参数'));
        return { kind: 'call', name: token.text, args, pos: token.pos };
      }
      return { kind: 'ref', name: token.text, pos: token.pos };
    }
    if (token.kind === 'end') throw new ExprSyntaxError(token.pos, '表达式不完整');
    throw new ExprSyntaxError(token.pos, `此处不能出现“${token.text}”`);
  }
}

/** Parses source text into a tree; never throws. Positions in errors are 0-based offsets. */
export function parseExpression(source: string): ParseResult {
  if (source.length > maxExpressionLength) {
    return {
      ok: false,
      error: { pos: maxExpressionLength, message: `表达式过长（最多 ${maxExpressionLength} 个字符）` },
    };
  }
  try {
    return { ok: true, expr: new Parser(tokenize(source)).parseAll() };
  } catch (err) {
    if (err instanceof ExprSyntaxError) return { ok: false, error: { pos: err.pos, message: err.message } };
    throw err;
  }
}
