import * as z from 'zod/mini';
import type { Principal } from '../../auth/user';
import { AppError } from '../../errors';
import { chinaIsoDate } from '../../lib/china-time';
import { isoDateSchema } from '../../lib/dates';
import type { OrgUnit } from '../../org/org-unit';
import { assertInScope } from '../../org/scope';
import { targetForYear } from '../../programme/programme-schema';
import { programme } from '../../programme/shipped-programme';
import { measure, type StepCounts, type UnitTotals } from '../../programme/unit-totals';
import type { VillageRow } from '../../programme/village-row';
import type { AggregateRepository } from '../../store/aggregate-repository';
import type { OrgLookup } from '../orgs/org-lookup';
import { type Aggregation, fromStored, snapshotsOn } from './aggregation';

/** A target year in a query (`?year=2024`). */
export const yearParamSchema = z.pipe(
  z.string().check(z.regex(/^(19|20)\d\d$/, '年份应为四位数字，如 2024')),
  z.transform(Number),
);

/** The date a year's figures are as of: its 31 December once past, else today. */
export const yearEndOrToday = (year: number | undefined, today: string): string =>
  year !== undefined && `${year}-12-31` < today ? `${year}-12-31` : today;

/** The query of `GET /api/v1/stats/{code}`: a target year or a date (default: today). */
export const statsQuerySchema = z
  .object({
    year: z.optional(yearParamSchema),
    asOf: z.optional(isoDateSchema),
  })
  .check(
    z.refine((q) => q.year === undefined || q.asOf === undefined, {
      message: 'year 与 asOf 只能选一个',
      path: ['asOf'],
    }),
  );
export type StatsQuery = z.infer<typeof statsQuerySchema>;

type UnitRef = Pick<OrgUnit, 'code' | 'name' | 'level'>;

/** One unit's numbers as the API shows them. */
export interface UnitStats {
  unit: UnitRef;
  villages: number;
  standardized: number;
  rate: number;
  met?: boolean;
  needed?: number;
  steps: Record<string, StepCounts>;
}

export interface StatsView extends UnitStats {
  asOf: string;
  /** When the numbers were computed (a stored aggregate's run, or now for a recount). */
  computedAt: string;
  /** `stored` when read from the job's aggregates, `recount` when recomputed for this request. */
  source: 'stored' | 'recount';
  target?: { year: number; rateAbove: number };
  /** The baseline sums of the 汇总表. */
  summary: Omit<UnitTotals, 'villages' | 'standardized' | 'steps'>;
  children: UnitStats[];
  /** Townships only: their villages' rows (for the dashboard and the chase list). */
  rows?: VillageRow[];
}

function unitStats(unit: UnitRef, totals: UnitTotals, rateAbove: number | undefined): UnitStats {
  return {
    unit: { code: unit.code, name: unit.name, level: unit.level },
    villages: totals.villages,
    standardized: totals.standardized,
    ...measure(totals, rateAbove),
    steps: totals.steps,
  };
}

/** Counties (and anyone) query the aggregates: stored ones in one Query, other dates recounted. */
export function createStatsService(deps: {
  orgLookup: OrgLookup;
  aggregates: AggregateRepository;
  aggregation: Aggregation;
}) {
  /** Which date a query means and which stored snapshot (if any) holds it. */
  function resolveDate(query: StatsQuery, today: string) {
    if (query.asOf !== undefined && query.asOf > today) {
      throw new AppError('request.invalid', {
        details: [{ field: 'asOf', message: `日期不能晚于今天（${today}）` }],
      });
    }
    const asOf = query.asOf ?? yearEndOrToday(query.year, today);
    const year = query.year ?? Number(asOf.slice(0, 4));
    const snapshot = snapshotsOn(today).find((s) => s.asOf === asOf);
    return { asOf, year, snapshot };
  }

  return {
    async stats(principal: Principal, code: string, query: StatsQuery, now: Date): Promise<StatsView> {
      assertInScope(principal, code);
      const unit = await deps.orgLookup.get(code);
      if (!unit) throw new AppError('org.not_found', { details: { code } });
      if (unit.level === 'village') {
        throw new AppError('request.invalid', { message: '统计按乡镇及以上查询；村（居）请查看其状态' });
      }
      const { asOf, year, snapshot } = resolveDate(query, chinaIsoDate(now));
      const target = targetForYear(programme, year);
      const rateAbove = target?.rateAbove;
      const [stored, storedRows] = snapshot
        ? await Promise.all([
            deps.aggregates.listUnder(snapshot.id, code),
            unit.level === 'township' ? deps.aggregates.rowsOf(snapshot.id, code) : undefined,
          ])
        : [[], undefined];
      const own = stored.find((a) => a.code === code);
      const ownRows = storedRows?.rows ?? [];
      const { totals, children, computedAt, rows, source } = own
        ? {
            ...fromStored(own, stored, ownRows),
            computedAt: own.computedAt,
            rows: ownRows,
            source: 'stored' as const,
          }
        : {
            ...(await deps.aggregation.recount(unit, asOf)),
            computedAt: now.toISOString(),
            source: 'recount' as const,
          };
      const { villages: _v, standardized: _s, steps: _st, ...summary } = totals;
      return {
        ...unitStats(unit, totals, rateAbove),
        asOf,
        computedAt,
        source,
        ...(target ? { target: { year: target.year, rateAbove: target.rateAbove } } : {}),
        summary,
        children: children.map((c) => unitStats(c.unit, c.totals, rateAbove)),
        ...(unit.level === 'township' && rows ? { rows } : {}),
      };
    },
  };
}

export type StatsService = ReturnType<typeof createStatsService>;
