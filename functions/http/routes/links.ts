import { Hono } from 'hono';
import * as z from 'zod/mini';
import { issueLinksInputSchema } from '../../../shared/app/links/link-service';
import { sheetFormats } from '../../../shared/app/links/link-sheet';
import { formIdSchema } from '../../../shared/forms/meta-schema';
import { divisionCodeSchema } from '../../../shared/org/division';
import { parseOrThrow } from '../../../shared/validation';
import { contentDisposition } from '../content-disposition';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readJson } from '../json-body';
import { requireSession } from '../middleware/auth';

const listQuery = z.object({
  parentCode: divisionCodeSchema,
  formId: formIdSchema,
});
const sheetQuery = z.extend(listQuery, { format: z._default(z.enum(sheetFormats), 'pdf') });

/**
 * Survey links for signed-in staff, each limited to their scope. Issued URLs are
 * relative (`/f/{token}`): the site's origin differs between a laptop and AWS.
 */
export function linkRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('/api/v1/links', requireSession(deps.sessions))
    .use('/api/v1/links/*', requireSession(deps.sessions))
    .post('/api/v1/links', async (c) => {
      const input = await readJson(c, issueLinksInputSchema);
      return c.json(await deps.links.issueLinks(c.get('principal'), input, deps.now()), 201);
    })
    .get('/api/v1/links/sheet', async (c) => {
      const query = parseOrThrow(sheetQuery, c.req.query());
      const baseUrl = new URL(c.req.url).origin;
      const sheet = await deps.linkSheets.render(c.get('principal'), { ...query, baseUrl }, deps.now());
      c.header('Content-Type', sheet.contentType);
      c.header('Content-Disposition', contentDisposition(sheet.filename));
      c.header('Cache-Control', 'no-store');
      return c.body(sheet.body as Uint8Array<ArrayBuffer>);
    })
    .get('/api/v1/links', async (c) => {
      const { parentCode, formId } = parseOrThrow(listQuery, c.req.query());
      return c.json(await deps.links.listLinks(c.get('principal'), parentCode, formId, deps.now()));
    })
    .post('/api/v1/links/:id/revoke', async (c) =>
      c.json(await deps.links.revokeLink(c.get('principal'), c.req.param('id'), deps.now())),
    );
}
