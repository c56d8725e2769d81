import * as z from 'zod/mini';
import type { Principal } from '../../auth/user';
import { chinaIsoDate } from '../../lib/china-time';
import { isoDateSchema } from '../../lib/dates';
import { flagLabels, villageEvents } from '../../programme/event-sources';
import { programme } from '../../programme/shipped-programme';
import type { VillageEvent, VillageStatus } from '../../programme/village-events';
import { compareEvents, villageStatus } from '../../programme/village-status';
import type { VillageRecordsReader } from './village-records';

/** The query of `GET /api/v1/orgs/{village}/status`. */
export const statusQuerySchema = z.object({ asOf: z.optional(isoDateSchema) });

/** What `GET …/status` answers: the status as of a date and the events up to it (oldest first). */
export type VillageStatusView = VillageStatus & { orgCode: string; events: VillageEvent[] };

const factKeys = programme.facts.map((f) => f.key);

/** The dated status of a village, folded from its events on every read (never stored stale). */
export function createStatusService(deps: { records: VillageRecordsReader }) {
  return {
    /** As of `asOf` (inclusive; default: today, China time), with the events effective by then. */
    async status(principal: Principal, village: string, asOf: string | undefined, now: Date) {
      const records = await deps.records.load(principal, village);
      const day = asOf ?? chinaIsoDate(now);
      const events = villageEvents(records, factKeys).sort(compareEvents);
      const status = villageStatus(events, day, { labels: flagLabels(records, programme.facts) });
      const view: VillageStatusView = {
        orgCode: village,
        ...status,
        events: events.filter((e) => e.effectiveDate <= day),
      };
      return { view, records };
    },
  };
}

export type StatusService = ReturnType<typeof createStatusService>;
