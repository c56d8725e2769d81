import { hashPassword, verifyPassword } from '../../auth/password';
import { issueSessionToken, verifySessionToken } from '../../auth/token';
import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import type { UserRepository } from '../../store/ports';

export interface SessionService {
  /** Checks credentials; throws `auth.invalid_credentials` for an unknown user or a wrong password alike. */
  login(username: string, password: string): Promise<{ token: string; user: Principal; expiresAt: string }>;
  /** Resolves a bearer token to its principal; throws `auth.token_*` errors. */
  authenticate(token: string | undefined): Principal;
}

// Compared against when the user does not exist, so both failures cost the same time.
const dummyHash = hashPassword('not-a-real-password');

export function createSessionService(deps: {
  users: UserRepository;
  secret: Buffer;
  ttlSeconds: number;
  now: () => Date;
}): SessionService {
  return {
    async login(username, password) {
      const user = await deps.users.get(username.toLowerCase());
      const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
      if (!user || !ok) throw new AppError('auth.invalid_credentials');
      const now = deps.now();
      const principal: Principal = { username: user.username, role: user.role, scope: user.scope };
      return {
        token: issueSessionToken(deps.secret, principal, now, deps.ttlSeconds),
        user: principal,
        expiresAt: new Date(now.getTime() + deps.ttlSeconds * 1000).toISOString(),
      };
    },
    authenticate(token) {
      if (!token) throw new AppError('auth.token_missing');
      return verifySessionToken(deps.secret, token, deps.now());
    },
  };
}
