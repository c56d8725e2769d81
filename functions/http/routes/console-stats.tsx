import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { chaseText, exportQuerySchema } from '../../../shared/app/stats/reports';
import { type StatsView, statsQuerySchema } from '../../../shared/app/stats/stats-service';
import { chinaIsoDate } from '../../../shared/lib/china-time';
import { assertDivisionCode, parentCodeOf } from '../../../shared/org/division';
import { programme, villageFormIds } from '../../../shared/programme/shipped-programme';
import { parseOrThrow } from '../../../shared/validation';
import { contentDisposition } from '../content-disposition';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { renderExportQueued } from '../pages/console/dashboard-downloads';
import { codeOf, consoleKit, see } from './console-kit';

/** How the children's table is sorted (a key the page does not know is the default order). */
const sortQuerySchema = z.object({
  sort: z.optional(z.string().check(z.regex(/^[a-z-]{1,32}$/))),
  dir: z.optional(z.enum(['asc', 'desc'])),
});

/**
 * The console's 统计 pages: a unit's dashboard (rates against the target, the trend, its
 * children, downloads, a township's chase lists) and the 统计表 download that tells the
 * viewer to come back when the job is still writing it. Mounted behind the console's
 * session middleware.
 */
export function consoleStatsRoutes(deps: AppDeps) {
  const { viewerOf, page } = consoleKit(deps);

  const dashboard = async (c: Context<AppEnv>, code: string) => {
    if (code.length === 12) return see(c, `/console/villages/${code}`);
    const principal = c.get('principal');
    const query = parseOrThrow(statsQuerySchema, { year: c.req.query('year') || undefined });
    const now = deps.now();
    const thisYear = Number(chinaIsoDate(now).slice(0, 4));
    // The trend: each target year that has ended, and today; the year picked is one of them or its own.
    const memo = new Map<string, Promise<StatsView>>();
    const statsOf = (year?: number) => {
      const key = String(year ?? 'today');
      const known = memo.get(key);
      if (known) return known;
      const asked = deps.stats.stats(principal, code, year === undefined ? {} : { year }, now);
      memo.set(key, asked);
      return asked;
    };
    const pastYears = programme.targets.map((t) => t.year).filter((y) => y < thisYear);
    const origin = new URL(c.req.url).origin;
    // 催报: a township's lists with links; a county's counted per township (no links needed).
    // Above the county the list is the API's (`/api/v1/stats/{code}/chase`): too many villages for a page.
    const chase = () =>
      code.length >= 6
        ? Promise.all(
            villageFormIds.map((formId) =>
              deps.reports.chase(principal, code, formId, now, { links: code.length === 9 }),
            ),
          )
        : undefined;
    const [stats, today, past, trail, chased, certificates] = await Promise.all([
      statsOf(query.year),
      statsOf(),
      Promise.all(pastYears.map((y) => statsOf(y))),
      trailOf(principal.scope, code),
      chase(),
      code.length === 9 ? deps.certificates.list(principal, code, now) : undefined,
    ]);
    const trend = [
      ...past.map((s, i) => ({ year: pastYears[i] ?? 0, rate: s.rate, target: s.target?.rateAbove })),
      { year: thisYear, rate: today.rate, target: today.target?.rateAbove },
    ];
    const view = {
      stats,
      trail,
      year: query.year,
      years: programme.targets.map((t) => t.year),
      trend,
      ...(sortQuerySchema.safeParse(c.req.query()).data ?? {}),
      origin,
      ...(certificates ? { certificates } : {}),
      today: today.asOf,
      ...(chased && code.length === 9
        ? {
            chase: chased.map((items, i) => {
              const formId = villageFormIds[i] ?? '';
              return { formId, items, text: chaseText(stats.unit.name, formId, items, origin) };
            }),
          }
        : {}),
      ...(chased && code.length === 6
        ? {
            chaseSummary: chased.map((items, i) => ({
              formId: villageFormIds[i] ?? '',
              items,
              children: today.children.map((child) => child.unit),
            })),
          }
        : {}),
    };
    // The charts (ECharts SSR) load with the first dashboard, not on every cold start of the API.
    const { renderDashboard } = await import('../pages/console/dashboard');
    return page(c, renderDashboard(view, await viewerOf(c)));
  };

  /** The units above `code` inside the viewer's scope, top first (names from the cached lookup). */
  const trailOf = (scope: string, code: string) => {
    const codes: string[] = [];
    for (let p = parentCodeOf(code); p && p.length >= scope.length; p = parentCodeOf(p)) codes.unshift(p);
    return Promise.all(
      codes.map(async (c) => ({ code: c, level: assertDivisionCode(c), name: await deps.areas.nameOf(c) })),
    );
  };

  return new Hono<AppEnv>()
    .get('/console/stats', (c) => dashboard(c, c.get('principal').scope))
    .get('/console/stats/:code', (c) => dashboard(c, codeOf(c.req.param('code'))))
    .get('/console/stats/:code/export', async (c) => {
      const code = codeOf(c.req.param('code'));
      const query = parseOrThrow(exportQuerySchema, c.req.query());
      const file = await deps.reports.export(c.get('principal'), code, query, deps.now());
      if ('queued' in file) {
        c.header('Retry-After', '60');
        const view = { code, unitName: await deps.areas.nameOf(code), query };
        return page(c, renderExportQueued(view, await viewerOf(c)), 202);
      }
      c.header('Content-Disposition', contentDisposition(file.fileName));
      c.header('Cache-Control', 'private, no-store');
      return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': file.contentType });
    });
}
