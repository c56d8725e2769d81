import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../shared/auth/password';
import { issueSessionToken, verifySessionToken } from '../../shared/auth/token';

const secret = Buffer.alloc(48, 1);
const principal = { username: 'admin', sessionId: 'SessionId0123456', epoch: 3 };
const now = new Date('2026-01-01T00:00:00Z');

describe('passwords', () => {
  it('hash with a fresh salt and verify only the right password', async () => {
    const [a, b] = [await hashPassword('秘密-password'), await hashPassword('秘密-password')];
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('秘密-password', a)).toBe(true);
    expect(await verifyPassword('秘密-passwore', a)).toBe(false);
  });

  it('never match a malformed stored hash', async () => {
    for (const stored of [
      '',
      'plain',
      'scrypt$x$8$1$abc$def',
      'bcrypt$1$2$3$4$5',
      'scrypt$32768$8$1$c2FsdA$',
    ]) {
      expect(await verifyPassword('x', stored)).toBe(false);
    }
  });
});

describe('session tokens', () => {
  it('round-trip the principal until they expire', () => {
    const token = issueSessionToken(secret, principal, now, 60);
    expect(verifySessionToken(secret, token, new Date(now.getTime() + 59_000))).toEqual({
      ...principal,
      expiresAt: now.getTime() / 1000 + 60,
    });
    expect(() => verifySessionToken(secret, token, new Date(now.getTime() + 60_000))).toThrow(
      expect.objectContaining({ code: 'auth.token_expired' }),
    );
  });

  it('reject another key, a changed payload, a changed signature and junk', () => {
    const token = issueSessionToken(secret, principal, now, 60);
    const [body, mac] = token.split('.') as [string, string];
    const flipped = `${mac.slice(0, -2)}${mac.endsWith('AA') ? 'AB' : 'AA'}`;
    for (const bad of [
      issueSessionToken(Buffer.alloc(48, 2), principal, now, 60),
      `${Buffer.from('{"typ":"session"}').toString('base64url')}.${mac}`,
      `${body}.${flipped}`,
      `${body}.`,
      '',
      'a.b.c',
    ]) {
      expect(() => verifySessionToken(secret, bad, now)).toThrow(
        expect.objectContaining({ code: 'auth.token_invalid' }),
      );
    }
  });

  it('reject another spelling of a valid signature (base64url spare bits)', () => {
    const token = issueSessionToken(secret, principal, now, 60);
    const [body, mac] = token.split('.') as [string, string];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(mac.slice(-1));
    const respelled = `${mac.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(Buffer.from(respelled, 'base64url')).toEqual(Buffer.from(mac, 'base64url'));
    expect(() => verifySessionToken(secret, `${body}.${respelled}`, now)).toThrow(
      expect.objectContaining({ code: 'auth.token_invalid' }),
    );
  });
});
