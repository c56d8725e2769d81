import { Hono } from 'hono';
import {
  changesQuerySchema,
  chaseCsv,
  chaseQuerySchema,
  chaseText,
  exportQuerySchema,
} from '../../../shared/app/stats/reports';
import { statsQuerySchema } from '../../../shared/app/stats/stats-service';
import { chinaIsoDate } from '../../../shared/lib/china-time';
import { divisionCodeSchema } from '../../../shared/org/division';
import { stepOfForm } from '../../../shared/programme/shipped-programme';
import { parseOrThrow } from '../../../shared/validation';
import { contentDisposition } from '../content-disposition';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { requireSession } from '../middleware/auth';

/** Aggregates for counties and townships: rates against the target, steps, chase lists, exports. */
export function statsRoutes(deps: AppDeps) {
  const code = (raw: string) => parseOrThrow(divisionCodeSchema, raw, 'org.code_invalid');
  return new Hono<AppEnv>()
    .use('/api/v1/stats/*', requireSession(deps.sessions))
    .get('/api/v1/stats/:code', async (c) => {
      const query = parseOrThrow(statsQuerySchema, c.req.query());
      return c.json(await deps.stats.stats(c.get('principal'), code(c.req.param('code')), query, deps.now()));
    })
    .get('/api/v1/stats/:code/chase', async (c) => {
      const { formId, format } = parseOrThrow(chaseQuerySchema, c.req.query());
      const unitCode = code(c.req.param('code'));
      const items = await deps.reports.chase(c.get('principal'), unitCode, formId, deps.now());
      const origin = new URL(c.req.url).origin;
      if (format === 'json') return c.json(items);
      const name = (await deps.areas.nameOf(unitCode)) || unitCode;
      if (format === 'csv') {
        const title = stepOfForm(formId)?.title ?? formId;
        const file = `催报名单-${name}-${title}-${chinaIsoDate(deps.now())}.csv`;
        c.header('Content-Disposition', contentDisposition(file));
        return c.body(chaseCsv(items, origin), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
      }
      return c.text(chaseText(name, formId, items, origin));
    })
    .get('/api/v1/stats/:code/changes', async (c) => {
      const { from, to } = parseOrThrow(changesQuerySchema, c.req.query());
      return c.json(await deps.reports.changes(c.get('principal'), code(c.req.param('code')), from, to));
    })
    .get('/api/v1/stats/:code/export', async (c) => {
      const query = parseOrThrow(exportQuerySchema, c.req.query());
      const file = await deps.reports.export(
        c.get('principal'),
        code(c.req.param('code')),
        query,
        deps.now(),
      );
      if ('queued' in file) {
        c.header('Retry-After', '60');
        return c.json({ status: 'queued', message: '表格较大，正在由后台任务生成，请一两分钟后再下载' }, 202);
      }
      c.header('Content-Disposition', contentDisposition(file.fileName));
      c.header('Cache-Control', 'private, no-store');
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': file.contentType });
    });
}
