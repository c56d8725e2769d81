import { Hono } from 'hono';
import * as z from 'zod/mini';
import { retireInputSchema } from '../../../shared/app/roster/roster-service';
import { divisionCodeSchema } from '../../../shared/org/division';
import { parseOrThrow } from '../../../shared/validation';
import type { AppDeps } from '../deps';
import type { AppEnv } from '../env';
import { readJson } from '../json-body';
import { requireSession } from '../middleware/auth';
import { readBodyLimited } from '../raw-body';

/** Largest roster file accepted: 5,000 rows of CSV are ~300 KB, an XLSX of them less. */
export const rosterFileMaxBytes = 2 * 1024 * 1024;

const importPath = '/api/v1/orgs/import';

/** The roster upload carries a file: it reads its body itself, exempt from the app's JSON limit. */
export const isRosterUpload = (method: string, path: string): boolean =>
  method === 'POST' && path === importPath;

export const rosterImportQuerySchema = z.object({ dryRun: z._default(z.stringbool(), false) });

/**
 * The village roster: `POST /api/v1/orgs/import` (the raw CSV or XLSX file as the body;
 * `?dryRun=true` previews the same changes without writing) and
 * `POST /api/v1/orgs/{code}/retire` `{date, reason, mergedInto?}`.
 */
export function rosterRoutes(deps: AppDeps) {
  const session = requireSession(deps.sessions);
  const code = (raw: string) => parseOrThrow(divisionCodeSchema, raw, 'org.code_invalid');
  return new Hono<AppEnv>()
    .use(importPath, session)
    .use('/api/v1/orgs/:code/retire', session)
    .post(importPath, async (c) => {
      const { dryRun } = parseOrThrow(rosterImportQuerySchema, c.req.query());
      const bytes = await readBodyLimited(c, rosterFileMaxBytes, 'import.too_large');
      const file = { contentType: c.req.header('content-type') ?? '', bytes };
      return c.json(await deps.roster.importRoster(c.get('principal'), file, deps.now(), { dryRun }));
    })
    .post('/api/v1/orgs/:code/retire', async (c) => {
      const input = await readJson(c, retireInputSchema);
      const unit = await deps.roster.retire(c.get('principal'), code(c.req.param('code')), input, deps.now());
      return c.json(unit);
    });
}
