import { Hono } from 'hono';
import * as z from 'zod/mini';
import { formIdSchema } from '../../../shared/forms/meta-schema';
import { parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { requireSession } from '../middleware/auth';

const submissionsQuery = z.object({
  formId: z.optional(formIdSchema),
  limit: z._default(
    z
      .pipe(z.string().check(z.regex(/^([1-9]\d{0,2})$/, '每页条数应为 1–500')), z.transform(Number))
      .check(z.lte(500, '每页最多 500 条')),
    100,
  ),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

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
      const query = parseOrThrow(submissionsQuery, c.req.query());
      const page = await deps.submissions.listUnder(c.get('principal'), c.req.param('code'), query);
      if (page.nextCursor) c.header('X-Next-Cursor', page.nextCursor);
      return c.json(page.items);
    });
}
