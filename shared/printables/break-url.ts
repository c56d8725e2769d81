/**
 * Splits a link into lines no wider than `maxWidth` as measured by `measure` (the width of
 * a string in the current font and size). A line ends after a `/ ? & = . - _ #` when one
 * is in its second half, otherwise at the last character that fits, so the parts stay
 * easy to read and to type. Joined without separators the lines are the link again.
 * A character wider than `maxWidth` still gets a line of its own.
 */
export function breakUrl(url: string, maxWidth: number, measure: (text: string) => number): string[] {
  const chars = Array.from(url);
  const lines: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start + 1;
    while (end < chars.length && measure(chars.slice(start, end + 1).join('')) <= maxWidth) end++;
    if (end < chars.length) {
      const soft = lastSoftBreak(chars, start, end);
      if (soft - start >= (end - start) / 2) end = soft;
    }
    lines.push(chars.slice(start, end).join(''));
    start = end;
  }
  return lines;
}

const softBreakAfter = new Set(['/', '?', '&', '=', '.', '-', '_', '#']);

/** The end index of the longest prefix of chars[start, end) that ends in a soft-break character. */
function lastSoftBreak(chars: readonly string[], start: number, end: number): number {
  for (let i = end - 1; i > start; i--) {
    if (softBreakAfter.has(chars[i] ?? '')) return i + 1;
  }
  return start;
}
