import { csrfToken, isCsrfToken } from '../../auth/csrf';
import { hashPassword, verifyPassword } from '../../auth/password';
import { lockedFor } from '../../auth/throttle';
import { issueSessionToken, newSessionId, verifySessionToken } from '../../auth/token';
import { type Principal, principalOf, type User } from '../../auth/user';
import { AppError } from '../../errors';
import type { ThrottleRepository, UserRepository } from '../../store/ports';
import { type FailureKey, failureCounts } from './failure-counts';

/** A signed-in request: who, and which session (for logout and CSRF tokens). */
export interface Session {
  principal: Principal;
  sessionId: string;
  /** Unix seconds. */
  expiresAt: number;
}

// Compared against when the user does not exist, so both failures cost the same time.
const dummyHash = hashPassword('not-a-real-password');

/** Tries an optimistic read-modify-write of a user a few times (another write may win the race). */
export async function updateUser(
  users: UserRepository,
  username: string,
  change: (user: User) => User,
): Promise<User> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const user = await users.get(username);
    if (!user) throw new AppError('user.not_found', { details: { username } });
    const next = change(user);
    if (await users.update(next)) return { ...next, rev: (user.rev ?? 0) + 1 };
  }
  throw new AppError('store.conflict', { details: { username } });
}

/** The user's sessions all end: a password change, a reset, a disable. */
export const endingAllSessions = (user: User): User => ({
  ...user,
  sessionEpoch: (user.sessionEpoch ?? 0) + 1,
  endedSessions: {},
});

/**
 * Logins and sessions. A session token is signed (no store read to reject a forgery),
 * and every request reads its user once: a disabled user, a changed password or a
 * logout ends a session at once. Failed logins are counted per username and per client
 * address; at the limit both are locked for a while (429 `auth.throttled`).
 */
export function createSessionService(deps: {
  users: UserRepository;
  throttles: ThrottleRepository;
  secret: Buffer;
  ttlSeconds: number;
  now: () => Date;
  /** The site's configured address (PUBLIC_URL): a cookie-signed write may come from there. */
  publicUrl?: string;
}) {
  const failures = failureCounts(deps.throttles);

  return {
    /** The site's configured address, besides the request's own, that its pages are served from. */
    publicUrl: deps.publicUrl,

    /**
     * Checks credentials from `client` (an address, for throttling). An unknown user and a
     * wrong password are the same 401 `auth.invalid_credentials`; a disabled user with
     * the right password is 403 `auth.disabled`.
     */
    async login(username: string, password: string, client: string) {
      const now = deps.now();
      const name = username.toLowerCase();
      const keys: FailureKey[] = [
        ['user', name],
        ['client', client],
      ];
      await failures.checkNotLocked(keys, now, '登录失败');
      const user = await deps.users.get(name);
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
      if (!user || !ok) {
        await Promise.all(keys.map((key) => failures.record(key, now)));
        throw new AppError('auth.invalid_credentials');
      }
      if (user.disabled) throw new AppError('auth.disabled');
      // A success starts the username's count again (the address's goes on: it may be guessing others).
      const counted = await deps.throttles.get('user', name);
      if (counted && counted.failures > 0 && lockedFor(counted, now) === 0)
        await deps.throttles.put('user', name, { failures: 0, since: counted.since }, counted.rev);
      const session = { username: user.username, sessionId: newSessionId(), epoch: user.sessionEpoch ?? 0 };
      return {
        token: issueSessionToken(deps.secret, session, now, deps.ttlSeconds),
        user: principalOf(user),
        expiresAt: new Date(now.getTime() + deps.ttlSeconds * 1000).toISOString(),
      };
    },

    /** Resolves a token to its session with one read of the user; throws `auth.token_*` errors. */
    async authenticate(token: string | undefined): Promise<Session> {
      if (!token) throw new AppError('auth.token_missing');
      const claims = verifySessionToken(deps.secret, token, deps.now());
      const user = await deps.users.get(claims.username);
      if (
        !user ||
        user.disabled ||
        (user.sessionEpoch ?? 0) !== claims.epoch ||
        user.endedSessions?.[claims.sessionId] !== undefined
      )
        throw new AppError('auth.session_ended');
      return { principal: principalOf(user), sessionId: claims.sessionId, expiresAt: claims.expiresAt };
    },

    /** The console's CSRF token of a session (no store item: an HMAC of its id). */
    csrfTokenOf: (session: Session) => csrfToken(deps.secret, session.sessionId),
    isCsrfToken: (session: Session, given: string | undefined) =>
      isCsrfToken(deps.secret, session.sessionId, given),

    /** Ends one session at once (the others of the user go on). */
    async logout(session: Session): Promise<void> {
      const nowSeconds = Math.floor(deps.now().getTime() / 1000);
      await updateUser(deps.users, session.principal.username, (user) => {
        const live = Object.entries(user.endedSessions ?? {}).filter(([, exp]) => exp > nowSeconds);
        return {
          ...user,
          endedSessions: { ...Object.fromEntries(live), [session.sessionId]: session.expiresAt },
        };
      });
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
