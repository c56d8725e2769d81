import { Hono } from 'hono';
import { statsQuerySchema } from '../../../shared/app/stats/stats-service';
import { divisionCodeSchema } from '../../../shared/org/division';
import { parseOrThrow } from '../../../shared/validation';
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
    });
}
