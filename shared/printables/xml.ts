/** Text helpers for the XML parts of generated Office files. */

export const xmlDeclaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/**
 * XML 1.0 `Char`: tab, LF, CR, and U+0020 up, less the surrogates and U+FFFE/U+FFFF.
 * Anything else (C0 controls, a lone surrogate) cannot be written even escaped; a value
 * pasted from elsewhere may hold one, and Excel would refuse the whole file for it.
 */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    codePoint >= 0x10000
  );
}

/** Drops the characters XML cannot hold (see `isXmlChar`). */
export function xmlChars(text: string): string {
  let out = '';
  // Iterating a string yields code points: a pair stays together, a lone surrogate is alone.
  for (const char of text) if (isXmlChar(char.codePointAt(0) ?? 0)) out += char;
  return out;
}

/** Escapes text for element content and attribute values, and drops characters XML forbids. */
export function escapeXml(text: string): string {
  return xmlChars(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
