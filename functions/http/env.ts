import type { Principal } from '../../shared/auth/user';

/** Hono environment of the app: what middleware puts on the context for routes. */
export type AppEnv = { Variables: { principal: Principal } };
