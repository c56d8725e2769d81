import { Hono } from 'hono';
import * as z from 'zod/mini';
import { formIdSchema } from '../../../shared/forms/meta-schema';
import { parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readJson } from '../json-body';
import { requireSession } from '../middleware/auth';
import { requireRole } from '../middleware/require-role';

const versionQuery = z.object({
  version: z.optional(
    z.pipe(z.string().check(z.regex(/^[1-9]\d{0,5}$/, '版本号应为正整数')), z.transform(Number)),
  ),
});

export function formRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/api/v1/forms', async (c) => c.json(await deps.forms.list()))
    .get('/api/v1/forms/:id', async (c) => {
      const id = parseOrThrow(formIdSchema, c.req.param('id'));
      const { version } = parseOrThrow(versionQuery, c.req.query());
      return c.json((await deps.forms.get(id, version)).definition);
    })
    .post('/api/v1/forms', requireSession(deps.sessions), requireRole('admin'), async (c) => {
      const definition = await readJson(c, z.unknown());
      const published = await deps.forms.publish(definition, c.get('principal').username, deps.now());
      return c.json({ id: published.id, version: published.version }, 201);
    });
}
