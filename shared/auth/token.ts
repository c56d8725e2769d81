import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { AppError } from '../errors';
import { divisionCodeSchema } from '../org/division';
import { type Principal, roles, usernameSchema } from './user';

/**
 * Session tokens: `base64url(payload).base64url(HMAC-SHA256(payload))`. The payload is
 * validated after the signature check, so a forged or altered token never reaches zod.
 */
const sessionPayloadSchema = z.object({
  typ: z.literal('session'),
  sub: usernameSchema,
  role: z.enum(roles),
  scope: divisionCodeSchema,
  iat: z.number(),
  exp: z.number(),
});

const sign = (secret: Buffer, data: string) => createHmac('sha256', secret).update(data).digest();

/** Signs a session for `principal`, valid `ttlSeconds` from `now`. */
export function issueSessionToken(
  secret: Buffer,
  principal: Principal,
  now: Date,
  ttlSeconds: number,
): string {
  const iat = Math.floor(now.getTime() / 1000);
  const payload = {
    typ: 'session',
    sub: principal.username,
    role: principal.role,
    scope: principal.scope,
    iat,
    exp: iat + ttlSeconds,
  };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

/** Verifies a session token at `now`; throws `auth.token_invalid` or `auth.token_expired`. */
export function verifySessionToken(secret: Buffer, token: string, now: Date): Principal {
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) throw new AppError('auth.token_invalid');
  const expected = sign(secret, body);
  const given = Buffer.from(mac, 'base64url');
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
  return { username: parsed.data.sub, role: parsed.data.role, scope: parsed.data.scope };
}
