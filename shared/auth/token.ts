import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { AppError } from '../errors';
import { usernameSchema } from './user';

/**
 * Session tokens: `base64url(payload).base64url(HMAC-SHA256(payload))`. The payload names
 * the user, the session id and the user's session epoch; role and scope are read from the
 * user on every request, so a change (or a disable, logout, password change) takes effect
 * at once. The payload is validated after the signature check, so a forged or altered
 * token never reaches zod.
 */
const sessionPayloadSchema = z.object({
  typ: z.literal('session'),
  sub: usernameSchema,
  sid: z.string().check(z.regex(/^[A-Za-z0-9_-]{16,32}$/)),
  epoch: z.int(),
  iat: z.number(),
  exp: z.number(),
});

/** What a valid session token says. */
export interface SessionClaims {
  username: string;
  sessionId: string;
  epoch: number;
  /** Unix seconds. */
  expiresAt: number;
}

const sign = (secret: Buffer, data: string) =>
  createHmac('sha256', secret).update(`session:${data}`).digest('base64url');

/** A new random session id. */
export const newSessionId = (): string => randomBytes(12).toString('base64url');

/** Signs a session of `username` (at its current `epoch`), valid `ttlSeconds` from `now`. */
export function issueSessionToken(
  secret: Buffer,
  session: { username: string; sessionId: string; epoch: number },
  now: Date,
  ttlSeconds: number,
): string {
  const iat = Math.floor(now.getTime() / 1000);
  const payload = {
    typ: 'session',
    sub: session.username,
    sid: session.sessionId,
    epoch: session.epoch,
    iat,
    exp: iat + ttlSeconds,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

/**
 * Verifies a session token's signature and expiry at `now`; throws `auth.token_invalid`
 * or `auth.token_expired`. The signature is compared as text, in constant time:
 * comparing decoded bytes would accept other spellings of the same signature.
 */
export function verifySessionToken(secret: Buffer, token: string, now: Date): SessionClaims {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) throw new AppError('auth.token_invalid');
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new AppError('auth.token_invalid');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('auth.token_invalid');
  }
  const parsed = sessionPayloadSchema.safeParse(json);
  if (!parsed.success) throw new AppError('auth.token_invalid');
  if (parsed.data.exp <= Math.floor(now.getTime() / 1000)) throw new AppError('auth.token_expired');
  const { sub, sid, epoch, exp } = parsed.data;
  return { username: sub, sessionId: sid, epoch, expiresAt: exp };
}
