import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';

/**
 * Survey link tokens: `{id}.{mac}`. `id` names the link record; `mac` is
 * HMAC-SHA256(secret, "link:" + id), truncated. The record, read by id, binds the token to
 * one village and one form and holds its expiry and revocation; the mac makes ids
 * unguessable and unforgeable without the secret.
 *
 * Two spellings, told apart by their lengths (a token is never both):
 * - **base32** (issued now): lowercase Crockford base32 (`0-9 a-z` without `i l o u`), a
 *   20-character id (100 random bits) and a 26-character mac (130 bits). Printed on paper
 *   and retyped by hand, it has no `-` or `_` to mistake for a line-break hyphen or to
 *   lose in an underline, no capitals, and none of the look-alikes 1/l/i or 0/o.
 *   `/f/` + 47 characters.
 * - **legacy** (issued before): base64url, a 16-character id (96 bits) and a 22-character
 *   mac (128 bits). Links already printed carry these: they are accepted for as long as
 *   their records say they are valid, and an old link keeps its old token.
 *
 * The id's spelling decides the mac's, so a legacy id with a base32 mac (or the reverse)
 * is refused, and each link has exactly one valid token.
 */

const base32Alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
const base32Char = '[0-9a-hjkmnp-tv-z]';
const base64urlChar = '[A-Za-z0-9_-]';

interface TokenFormat {
  readonly idLength: number;
  readonly macLength: number;
  readonly char: string;
  /** The mac's text: `macLength` characters of the digest. */
  readonly encode: (digest: Buffer) => string;
}

const base32Format: TokenFormat = {
  idLength: 20,
  macLength: 26,
  char: base32Char,
  encode: (digest) => base32(digest, 26),
};
const legacyFormat: TokenFormat = {
  idLength: 16,
  macLength: 22,
  char: base64urlChar,
  encode: (digest) => digest.subarray(0, 16).toString('base64url'),
};
const formats = [base32Format, legacyFormat] as const;

const idSource = (f: TokenFormat) => `${f.char}{${f.idLength}}`;
const tokenSource = (f: TokenFormat) => `(${idSource(f)})\\.(${f.char}{${f.macLength}})`;
const idPatterns = formats.map((f) => new RegExp(`^${idSource(f)}$`));
const tokenPatterns = formats.map((f) => new RegExp(`^${tokenSource(f)}$`));

/** Every token shape accepted (base32 or legacy). */
const linkTokenPattern = new RegExp(`^(?:${formats.map(tokenSource).join('|')})$`);
/** Every link id shape accepted (base32 or legacy). */
const linkIdPattern = new RegExp(`^(?:${formats.map(idSource).join('|')})$`);

/**
 * The first `length` characters of `bytes` in lowercase Crockford base32, 5 bits a
 * character from the most significant bit on (only whole 5-bit groups, so no character
 * carries spare bits and each value has one spelling).
 */
export function base32(bytes: Uint8Array, length: number): string {
  if (length * 5 > bytes.length * 8)
    throw new RangeError(`${bytes.length} bytes give < ${length} characters`);
  let out = '';
  let value = 0;
  let bits = 0;
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xfff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += base32Alphabet[(value >>> bits) & 31];
    }
    if (out.length === length) break;
  }
  return out;
}

/** A new random link id: 20 base32 characters, 100 random bits. */
export function newLinkId(): string {
  return base32(randomBytes(13), base32Format.idLength);
}

/** Is `id` shaped like a link id (base32, or a legacy base64url id)? */
export const isLinkId = (id: string): boolean => idPatterns.some((p) => p.test(id));

/** A link id, for schemas of stored links and of route parameters (both spellings). */
export const linkIdSchema = z.string().check(z.regex(linkIdPattern, '链接编号格式不正确'));

/** A survey token's shape (both spellings); only `linkIdFromToken` says whether it is genuine. */
export const linkTokenSchema = z.string().check(z.regex(linkTokenPattern, '填报链接格式不正确'));

const formatOfId = (id: string): TokenFormat | undefined => formats.find((_, i) => idPatterns[i]?.test(id));

// "link:" keeps these macs apart from session-token signatures made with the same key:
// a session payload is base64url, which never contains a colon.
const macOf = (secret: Buffer, format: TokenFormat, id: string): string =>
  format.encode(createHmac('sha256', secret).update(`link:${id}`).digest());

/** The token of link `id`, in the spelling of the id (a legacy link keeps its printed token). */
export function linkToken(secret: Buffer, id: string): string {
  const format = formatOfId(id);
  if (!format) throw new Error(`not a link id: ${id}`);
  return `${id}.${macOf(secret, format, id)}`;
}

/**
 * The link id a token names, or undefined when the token is malformed, mixes the two
 * spellings, or its mac is wrong. The mac is compared as text, in constant time:
 * comparing decoded bytes would accept several spellings of the same token (base64url's
 * last character carries spare bits). Base32 tokens are case-sensitive too: one spelling.
 */
export function linkIdFromToken(secret: Buffer, token: string): string | undefined {
  for (const [i, format] of formats.entries()) {
    const match = tokenPatterns[i]?.exec(token);
    if (!match) continue;
    const [, id = '', mac = ''] = match;
    const expected = Buffer.from(macOf(secret, format, id), 'ascii');
    return timingSafeEqual(Buffer.from(mac, 'ascii'), expected) ? id : undefined;
  }
  return undefined;
}

/** The survey URL of a token, relative to the site: `/f/{token}`. */
export const linkPath = (token: string): string => `/f/${token}`;
