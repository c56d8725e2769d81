import { Hono } from 'hono';
import * as z from 'zod/mini';
import { parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { requireSession } from '../middleware/auth';

const submissionsQuery = z.object({ formId: z.optional(z.string().check(z.minLength(1), z.maxLength(64))) });

export function orgRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/api/v1/orgs/*', requireSession(deps.sessions))
    .get('/api/v1/orgs/:code', async (c) =>
      c.json(await deps.orgs.get(c.get('principal'), c.req.param('code'))),
    )
    .get('/api/v1/orgs/:code/children', async (c) =>
      c.json(await deps.orgs.children(c.get('principal'), c.req.param('code'))),
    )
    .get('/api/v1/orgs/:code/submissions', async (c) => {
      const { formId } = parseOrThrow(submissionsQuery, c.req.query());
      return c.json(await deps.submissions.listUnder(c.get('principal'), c.req.param('code'), formId));
    });
}
