/**
 * Characters a name shows nothing for, or shows misleadingly: control characters (C0, DEL,
 * C1), format characters (bidi controls U+202A–U+202E, U+2066–U+2069, U+200E/U+200F and
 * U+061C, zero-width characters, U+FEFF) and line/paragraph separators. A bidi override
 * makes `x\u202Efdp.exe` display as `xexe.pdf`.
 */
export const invisibleCharacter = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const invisibleCharacters = new RegExp(invisibleCharacter.source, 'gu');

/** `text` without its invisible characters (see `invisibleCharacter`). */
export const withoutInvisible = (text: string): string => text.replace(invisibleCharacters, '');

/** Path separators and the other characters Windows refuses in a file name. */
const reservedCharacters = /[/\\:*?"<>|]/g;

/** Names Windows keeps for devices, with or without an extension. */
const deviceName = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * Characters kept: 50 of up to 4 UTF-8 bytes each leave room for a prefix and a suffix
 * within the 255-byte name limit of common file systems.
 */
export const fileNamePartMaxLength = 50;

/**
 * `text` as one part of a download's file name (a ZIP entry, a Content-Disposition name):
 * path separators and characters Windows refuses become `_`, invisible characters (see
 * `invisibleCharacter`) are dropped, leading dots (hidden files, `..`) and trailing dots
 * are removed, the result is trimmed and cut to `maxLength` characters (never inside a
 * surrogate pair). `fallback` (an org code, say; used as given) when nothing is left.
 */
export function safeFileNamePart(text: string, fallback: string, maxLength = fileNamePartMaxLength): string {
  const cleaned = withoutInvisible(text)
    .replace(reservedCharacters, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  const cut = Array.from(cleaned)
    .slice(0, maxLength)
    .join('')
    .replace(/[\s.]+$/, '');
  if (cut === '') return fallback;
  return deviceName.test(cut) ? `_${cut}` : cut;
}
