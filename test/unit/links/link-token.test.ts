import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expiryOf, linkStatus } from '../../../shared/links/link';
import { isLinkId, linkIdFromToken, linkPath, linkToken, newLinkId } from '../../../shared/links/link-token';

const secret = randomBytes(48);
const other = randomBytes(48);
const base64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('link tokens', () => {
  it('round-trips an id, with a short URL', () => {
    const id = newLinkId();
    expect(isLinkId(id)).toBe(true);
    const token = linkToken(secret, id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}$/);
    expect(linkIdFromToken(secret, token)).toBe(id);
    expect(linkPath(token)).toHaveLength(3 + 39);
  });

  it('gives fresh ids every time', () => {
    const ids = new Set(Array.from({ length: 1000 }, newLinkId));
    expect(ids.size).toBe(1000);
  });

  it('refuses another secret, truncation, extra text and garbage', () => {
    const id = newLinkId();
    const token = linkToken(secret, id);
    for (const bad of [
      linkToken(other, id),
      token.slice(0, -1),
      `${token}A`,
      `${token}.x`,
      token.replace('.', ''),
      `${id}.`,
      '',
      '../../etc/passwd',
      `${newLinkId()}.${randomBytes(16).toString('base64url')}`,
    ]) {
      expect(linkIdFromToken(secret, bad), bad).toBeUndefined();
    }
  });

  it('refuses every single-character change of the mac or the id', () => {
    const token = linkToken(secret, newLinkId());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: token.length - 1 }), fc.constantFrom(...base64url), (i, c) => {
        if (token[i] === '.' || token[i] === c) return;
        const changed = token.slice(0, i) + c + token.slice(i + 1);
        expect(linkIdFromToken(secret, changed)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
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
