/**
 * Line breaking of a link printed on paper, for someone who retypes it. A line may end
 * only after a `/` (not between the two of `//`), or just before a `.`, `?`, `#`, `&`
 * or `=`, so that character starts the next line where nobody takes it for the end of a
 * sentence. Never at a `-` or `_` (they would pass for a hyphenation mark or vanish into
 * an underline), never inside a word: the two parts of a survey token (`{id}.{mac}`) and
 * the labels of a host name stay whole. Joined without separators the lines are the link.
 */

const breakBefore = new Set(['.', '?', '#', '&', '=']);
const sticky = new Set(['-', '_']);

/** May a line end between chars[i - 1] and chars[i]? */
function breakable(chars: readonly string[], i: number): boolean {
  const before = chars[i - 1] ?? '';
  const after = chars[i] ?? '';
  if (before === '/') return after !== '/';
  return breakBefore.has(after);
}

/**
 * The pieces of `url` between the places a line may end: the longest of them is the
 * narrowest line that never cuts a piece (size the font so it fits).
 */
export function urlPieces(url: string): string[] {
  const chars = Array.from(url);
  const pieces: string[] = [];
  let start = 0;
  for (let i = 1; i <= chars.length; i++) {
    if (i === chars.length || breakable(chars, i)) {
      pieces.push(chars.slice(start, i).join(''));
      start = i;
    }
  }
  return pieces;
}

/**
 * Splits `url` into lines no wider than `maxWidth` as measured by `measure` (the width of
 * a string in the current font and size): as many whole pieces (see `urlPieces`) on a
 * line as fit. Only a piece wider than a whole line is cut, where the line is full but
 * not next to a `-` or `_` when that can be helped. A character wider than `maxWidth`
 * still gets a line of its own.
 */
export function breakUrl(url: string, maxWidth: number, measure: (text: string) => number): string[] {
  const chars = Array.from(url);
  const lines: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start + 1;
    while (end < chars.length && measure(chars.slice(start, end + 1).join('')) <= maxWidth) end++;
    if (end < chars.length) end = lineEnd(chars, start, end);
    lines.push(chars.slice(start, end).join(''));
    start = end;
  }
  return lines;
}

/** Where a line of chars[start, full) ends: at the last break place, else cut at `full`. */
function lineEnd(chars: readonly string[], start: number, full: number): number {
  for (let i = full; i > start; i--) if (breakable(chars, i)) return i;
  for (let i = full; i > start + 1; i--) {
    if (!sticky.has(chars[i - 1] ?? '') && !sticky.has(chars[i] ?? '')) return i;
  }
  return full;
}
