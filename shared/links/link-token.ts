import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';

/**
 * Survey link tokens: `{id}.{mac}`. `id` is 16 base64url characters (96 random bits) and
 * names the link record; `mac` is HMAC-SHA256(secret, "link:" + id) truncated to 128 bits
 * (22 base64url characters). The record, read by id, binds the token to one village and
 * one form and holds its expiry and revocation; the mac makes ids unguessable and
 * unforgeable without the secret. The whole URL path (`/f/` + 39 characters) stays short
 * enough for a dense QR code and for WeChat, which wraps long links.
 */

const idPattern = /^[A-Za-z0-9_-]{16}$/;
const tokenPattern = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22})$/;

/** A new random link id. */
export function newLinkId(): string {
  return randomBytes(12).toString('base64url');
}

/** Is `id` shaped like a link id? */
export const isLinkId = (id: string): boolean => idPattern.test(id);

/** A link id, for schemas of stored links and of route parameters. */
export const linkIdSchema = z.string().check(z.regex(idPattern, '链接编号格式不正确'));

// "link:" keeps these macs apart from session-token signatures made with the same key:
// a session payload is base64url, which never contains a colon.
const macOf = (secret: Buffer, id: string): string =>
  createHmac('sha256', secret).update(`link:${id}`).digest().subarray(0, 16).toString('base64url');

/** The token of link `id`. */
export function linkToken(secret: Buffer, id: string): string {
  if (!isLinkId(id)) throw new Error(`not a link id: ${id}`);
  return `${id}.${macOf(secret, id)}`;
}

/**
 * The link id a token names, or undefined when the token is malformed or its mac is
 * wrong. The mac is compared as text, in constant time: comparing decoded bytes would
 * accept several spellings of the same token (base64url's last character carries spare bits).
 */
export function linkIdFromToken(secret: Buffer, token: string): string | undefined {
  const match = tokenPattern.exec(token);
  if (!match) return undefined;
  const [, id = '', mac = ''] = match;
  const expected = Buffer.from(macOf(secret, id), 'ascii');
  return timingSafeEqual(Buffer.from(mac, 'ascii'), expected) ? id : undefined;
}

/** The survey URL of a token, relative to the site: `/f/{token}`. */
export const linkPath = (token: string): string => `/f/${token}`;
