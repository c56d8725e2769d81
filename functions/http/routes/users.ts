import { Hono } from 'hono';
import { createUserSchema, setPasswordSchema } from '../../../shared/app/accounts/users';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readJson } from '../json-body';
import { requireSession } from '../middleware/auth';

/** Staff accounts: each caller sees and manages only the accounts below it. */
export function userRoutes(deps: AppDeps) {
  const p = '/api/v1/users';
  return new Hono<AppEnv>()
    .use(p, requireSession(deps.sessions))
    .use(`${p}/*`, requireSession(deps.sessions))
    .post(p, async (c) => {
      const input = await readJson(c, createUserSchema);
      return c.json(await deps.users.create(c.get('principal'), input, deps.now()), 201);
    })
    .get(p, async (c) => c.json(await deps.users.list(c.get('principal'))))
    .put(`${p}/:username/password`, async (c) => {
      const input = await readJson(c, setPasswordSchema);
      await deps.users.setPassword(c.get('principal'), c.req.param('username'), input);
      return c.body(null, 204);
    })
    .post(`${p}/:username/disable`, async (c) => {
      await deps.users.setDisabled(c.get('principal'), c.req.param('username'), true);
      return c.body(null, 204);
    })
    .post(`${p}/:username/enable`, async (c) => {
      await deps.users.setDisabled(c.get('principal'), c.req.param('username'), false);
      return c.body(null, 204);
    });
}
