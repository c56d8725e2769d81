import { createMiddleware } from 'hono/factory';
import type { Role } from '../../../shared/auth/user';
import { AppError } from '../../../shared/errors';
import type { AppEnv } from '../env';

/** After `requireSession`: only the given roles may pass (403 `auth.forbidden` otherwise). */
export function requireRole(...roles: Role[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.get('principal').role)) throw new AppError('auth.forbidden');
    await next();
  });
}
