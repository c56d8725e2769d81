import { createHmac, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiryOf, linkStatus } from '../../../shared/links/link';
import {
  base32,
  isLinkId,
  linkIdFromToken,
  linkIdSchema,
  linkPath,
  linkToken,
  linkTokenSchema,
  newLinkId,
} from '../../../shared/links/link-token';

const secret = randomBytes(48);
const other = randomBytes(48);
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const crockford = '0123456789abcdefghjkmnpqrstvwxyz';

/** A token as issued before base32: 16 base64url characters, '.', the first 16 mac bytes in base64url. */
function legacyToken(key: Buffer, id: string): string {
  const mac = createHmac('sha256', key).update(`link:${id}`).digest().subarray(0, 16).toString('base64url');
  return `${id}.${mac}`;
}
const legacyId = () => randomBytes(12).toString('base64url');

describe('link tokens', () => {
  it('issues base32 tokens: 20 + 26 characters of 0-9 a-z without i l o u, no - or _', () => {
    const id = newLinkId();
    expect(id).toMatch(/^[0-9a-hjkmnp-tv-z]{20}$/);
    expect(isLinkId(id)).toBe(true);
    const token = linkToken(secret, id);
    expect(token).toMatch(/^[0-9a-hjkmnp-tv-z]{20}\.[0-9a-hjkmnp-tv-z]{26}$/);
    expect(linkIdFromToken(secret, token)).toBe(id);
    expect(linkPath(token)).toHaveLength(3 + 47);
    expect(linkTokenSchema.safeParse(token).success).toBe(true);
    expect(linkIdSchema.safeParse(id).success).toBe(true);
  });

  it('uses every character of the alphabet, evenly: 100 random bits per id', () => {
    const counts = new Map<string, number>();
    for (let n = 0; n < 2000; n++) for (const c of newLinkId()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect([...counts.keys()].sort().join('')).toBe(crockford);
    // 40 000 characters, 1250 expected each: a stuck bit would halve or double some counts.
    for (const count of counts.values()) expect(count).toBeGreaterThan(1050);
    for (const count of counts.values()) expect(count).toBeLessThan(1450);
  });

  it('spells bytes in Crockford base32, most significant bit first', () => {
    expect(base32(Buffer.from([0, 0, 0, 0, 0]), 8)).toBe('00000000');
    expect(base32(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]), 8)).toBe('zzzzzzzz');
    // 0x08 0x42 0x10 0x84 0x21 = 00001 00001 00001 00001 00001 00001 00001 00001
    expect(base32(Buffer.from([0x08, 0x42, 0x10, 0x84, 0x21]), 8)).toBe('11111111');
    expect(base32(Buffer.from('f'), 1)).toBe('c'); // 0x66 = 01100 110: 12 = c
    expect(() => base32(Buffer.alloc(2), 4)).toThrow(RangeError);
  });

  it('gives fresh ids every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, newLinkId));
    expect(ids.size).toBe(1000);
  });

  it('keeps accepting legacy base64url tokens, and gives a legacy link its printed token again', () => {
    for (const id of [legacyId(), 'StrandedLink0001', 'Lx-9_aQ2-Zb_7Kc3', '-_-_-_-_-_-_-_-_']) {
      const printed = legacyToken(secret, id);
      expect(printed).toMatch(/^[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}$/);
      expect(isLinkId(id)).toBe(true);
      expect(linkIdSchema.safeParse(id).success).toBe(true);
      expect(linkTokenSchema.safeParse(printed).success).toBe(true);
      expect(linkIdFromToken(secret, printed)).toBe(id);
      expect(linkToken(secret, id)).toBe(printed);
      expect(linkIdFromToken(other, printed)).toBeUndefined();
    }
  });

  it('refuses another secret, truncation, extra text and garbage', () => {
    const id = newLinkId();
    const token = linkToken(secret, id);
    for (const bad of [
      linkToken(other, id),
      token.slice(0, -1),
      `${token}a`,
      `${token}.x`,
      token.replace('.', ''),
      `${id}.`,
      '',
      '../../etc/passwd',
      `${newLinkId()}.${base32(randomBytes(17), 26)}`,
      token.toUpperCase(),
      ` ${token}`,
    ]) {
      expect(linkIdFromToken(secret, bad), bad).toBeUndefined();
    }
    for (const bad of ['', 'x', `${id}a`, id.slice(1), id.toUpperCase(), 'StrandedLink000', 'i'.repeat(20)]) {
      expect(isLinkId(bad), bad).toBe(false);
      expect(linkIdSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(() => linkToken(secret, 'not-an-id')).toThrow();
  });

  it('refuses a token that mixes the two spellings, even with a genuine mac', () => {
    const id = newLinkId();
    const old = legacyId();
    const digest = (x: string) => createHmac('sha256', secret).update(`link:${x}`).digest();
    for (const mixed of [
      // A base32 id with its true mac spelled in base64url, and the reverse.
      `${id}.${digest(id).subarray(0, 16).toString('base64url')}`,
      `${old}.${base32(digest(old), 26)}`,
      // Parts of one spelling glued to the other's.
      `${id}.${legacyToken(secret, old).split('.')[1]}`,
      `${old}.${linkToken(secret, id).split('.')[1]}`,
    ]) {
      expect(linkIdFromToken(secret, mixed), mixed).toBeUndefined();
      expect(linkTokenSchema.safeParse(mixed).success, mixed).toBe(false);
    }
  });

  it('refuses every single-character change of the mac or the id, in either spelling', () => {
    const tokens = [linkToken(secret, newLinkId()), legacyToken(secret, legacyId())];
    for (const token of tokens) {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: token.length - 1 }), fc.constantFrom(...base64url), (i, c) => {
          if (token[i] === '.' || token[i] === c) return;
          const changed = token.slice(0, i) + c + token.slice(i + 1);
          expect(linkIdFromToken(secret, changed)).toBeUndefined();
        }),
        { numRuns: 500 },
      );
    }
  });
});

describe('link status', () => {
  const now = new Date('2026-01-01T00:00:00Z');
  it('is active until expiresAt, then expired; revocation wins', () => {
    const expiresAt = expiryOf(now, 1);
    // Issued 08:00 on 1 January China time: valid through the whole of 2 January there.
    expect(expiresAt).toBe('2026-01-02T15:59:59.999Z');
    expect(expiryOf(new Date('2025-12-31T16:00:00Z'), 1)).toBe(expiresAt);
    expect(expiryOf(new Date('2025-12-31T15:59:59Z'), 1)).toBe('2026-01-01T15:59:59.999Z');
    expect(linkStatus({ expiresAt }, now)).toBe('active');
    expect(linkStatus({ expiresAt }, new Date('2026-01-02T15:59:59.998Z'))).toBe('active');
    expect(linkStatus({ expiresAt }, new Date(expiresAt))).toBe('expired');
    expect(linkStatus({ expiresAt, revokedAt: now.toISOString() }, now)).toBe('revoked');
  });
});
