import type { ExprError } from './ast';

/** Token kinds of the expression language. */
export type TokenKind = 'number' | 'string' | 'ident' | 'op' | 'punct' | 'end';

/** One token; `text` is the operator, punctuation or identifier, `value` the literal's value. */
export interface Token {
  kind: TokenKind;
  text: string;
  value?: number | string;
  pos: number;
}

/** Longest operators first, so `<=` is not read as `<` then `=`. */
const operators = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '!'];
const punctuation = new Set(['(', ')', '[', ']', ',']);
const identStart = /[A-Za-z_]/;
const identPart = /[A-Za-z0-9_]/;
const digit = /[0-9]/;

/** Thrown inside the tokenizer and parser only; `parseExpression` turns it into a result. */
export class ExprSyntaxError extends Error implements ExprError {
  readonly pos: number;
  constructor(pos: number, message: string) {
    super(message);
    this.pos = pos;
  }
}

function readNumber(src: string, start: number): Token {
  let i = start;
  while (i < src.length && digit.test(src.charAt(i))) i++;
  if (src.charAt(i) === '.') {
    i++;
    if (!digit.test(src.charAt(i))) throw new ExprSyntaxError(i, '小数点后缺少数字');
    while (i < src.length && digit.test(src.charAt(i))) i++;
  }
  const text = src.slice(start, i);
  return { kind: 'number', text, value: Number(text), pos: start };
}

function readString(src: string, start: number): Token {
  const quote = src.charAt(start);
  let value = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src.charAt(i);
    if (ch === quote) return { kind: 'string', text: src.slice(start, i + 1), value, pos: start };
    if (ch === '\\') {
      const next = src.charAt(i + 1);
      if (next === '') break;
      value += next === 'n' ? '\n' : next;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw new ExprSyntaxError(start, '字符串缺少结束引号');
}

/** Splits source text into tokens, ending with an `end` token; throws `ExprSyntaxError`. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src.charAt(i);
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let token: Token | undefined;
    if (digit.test(ch) || (ch === '.' && digit.test(src.charAt(i + 1)))) token = readNumber(src, i);
    else if (ch === "'" || ch === '"') token = readString(src, i);
    else if (identStart.test(ch)) {
      let j = i + 1;
      while (j < src.length && identPart.test(src.charAt(j))) j++;
      token = { kind: 'ident', text: src.slice(i, j), pos: i };
    } else if (punctuation.has(ch)) token = { kind: 'punct', text: ch, pos: i };
    else {
      const op = operators.find((o) => src.startsWith(o, i));
      if (op) token = { kind: 'op', text: op, pos: i };
    }
    if (!token) {
      const hint = ch === '=' ? '（比较相等请用 ==）' : ch === '&' || ch === '|' ? '（请用 && 或 ||）' : '';
      throw new ExprSyntaxError(i, `无法识别的字符“${ch}”${hint}`);
    }
    tokens.push(token);
    i = token.pos + token.text.length;
  }
  tokens.push({ kind: 'end', text: '', pos: src.length });
  return tokens;
}
