/**
 * The receipt code: what a village cadre reads out over the phone instead of the
 * submission's UUID. Eight characters from 32 that cannot be mistaken for one another
 * when read aloud or copied by hand — digits 2–9 and capital letters without `O` and
 * `I` (so no 0/O or 1/I/l confusion), and no `-` or `_` (a printed code never breaks
 * at a hyphen). It is derived from the submission id alone, so every page that shows
 * a submission shows the same code without storing it.
 *
 * 40 bits: enough to tell a link's few submissions apart when a township calls back,
 * not a key. The UUID stays the identifier in data and APIs.
 */

/** The 32 characters of a receipt code, in value order. */
export const receiptCodeAlphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Characters in a receipt code. */
export const receiptCodeLength = 8;

/**
 * The receipt code of a submission id: a fixed, well-mixed hash of the id's UTF-16
 * code units (cyrb53's two 32-bit lanes), five bits per character. The same id always
 * gives the same code, on the server and in the page script; changing this function
 * changes every code already written down, so a test pins known values.
 */
export function receiptCodeOf(submissionId: string): string {
  let a = 0xdeadbeef;
  let b = 0x41c6ce57;
  for (let i = 0; i < submissionId.length; i++) {
    const c = submissionId.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
  }
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  let code = '';
  for (let i = 0; i < receiptCodeLength; i++) {
    const lane = i < 4 ? a : b;
    code += receiptCodeAlphabet.charAt((lane >>> ((i % 4) * 5)) & 31);
  }
  return code;
}
