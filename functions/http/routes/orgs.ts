import { Hono } from 'hono';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { requireSession } from '../middleware/auth';

export function orgRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/api/v1/orgs/*', requireSession(deps.sessions))
    .get('/api/v1/orgs/:code', async (c) =>
      c.json(await deps.orgs.get(c.get('principal'), c.req.param('code'))),
    )
    .get('/api/v1/orgs/:code/children', async (c) =>
      c.json(await deps.orgs.children(c.get('principal'), c.req.param('code'))),
    );
}
