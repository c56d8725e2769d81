import { Hono } from 'hono';
import { submissionsQuerySchema } from '../../../shared/app/submissions/submission-queries';
import { formIdSchema } from '../../../shared/forms/meta-schema';
import { divisionCodeSchema } from '../../../shared/org/division';
import { parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { requireSession } from '../middleware/auth';

export function orgRoutes(deps: AppDeps) {
  const code = (raw: string) => parseOrThrow(divisionCodeSchema, raw, 'org.code_invalid');
  return new Hono<AppEnv>()
    .use('/api/v1/orgs/*', requireSession(deps.sessions))
    .get('/api/v1/orgs/:code', async (c) =>
      c.json(await deps.orgs.get(c.get('principal'), code(c.req.param('code')))),
    )
    .get('/api/v1/orgs/:code/children', async (c) =>
      c.json(await deps.orgs.children(c.get('principal'), code(c.req.param('code')))),
    )
    .get('/api/v1/orgs/:code/submissions', async (c) => {
      const query = parseOrThrow(submissionsQuerySchema, c.req.query());
      const page = await deps.submissions.listUnder(c.get('principal'), code(c.req.param('code')), query);
      if (page.nextCursor) c.header('X-Next-Cursor', page.nextCursor);
      return c.json(page.items);
    })
    .get('/api/v1/orgs/:code/attachments/:formId/:blobId', async (c) => {
      const { formId, blobId } = c.req.param();
      const file = await deps.attachments.download(
        c.get('principal'),
        code(c.req.param('code')),
        parseOrThrow(formIdSchema, formId),
        blobId,
      );
      c.header('Content-Type', file.contentType);
      c.header('Content-Disposition', 'attachment');
      c.header('Cache-Control', 'private, no-store');
      return c.body(file.bytes as Uint8Array<ArrayBuffer>);
    });
}
