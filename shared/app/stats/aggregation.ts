import { chinaIsoDate } from '../../lib/china-time';
import { addDays } from '../../lib/dates';
import { mapLimit } from '../../lib/map-limit';
import { levelOfCode, type OrgLevel, parentCodeOf } from '../../org/division';
import type { OrgUnit } from '../../org/org-unit';
import type { VillageRecords } from '../../programme/event-sources';
import { programme } from '../../programme/shipped-programme';
import { addTotals, rowTotals, type UnitTotals } from '../../programme/unit-totals';
import { type VillageRow, villageRow } from '../../programme/village-row';
import type { AggregateRepository, StoredAggregate } from '../../store/aggregate-repository';
import type { OrgRepository, VillageHistoryRepository } from '../../store/ports';
import { townshipsToDo } from '../jobs/change-feed';

/**
 * The aggregation job: every status-changing write carries a key in the time-ordered
 * change index; a run reads the changes since its watermark, recomputes each changed
 * township from its villages' records (never by counting events up or down), overwrites
 * the township's aggregates and rolls them up to county, city and province. Writes are
 * "newer computation wins", so two runs at once or a retry after a failure converge on
 * the numbers a full recount gives.
 */

export { changeLagMs } from '../jobs/change-feed';

/** Villages whose records are read at once (the store's latency hidden, its limits respected). */
const readConcurrency = 8;

/** A stored point in time: today (`current`) or a target year's year-end (`Y2024`). */
export interface Snapshot {
  id: string;
  asOf: string;
  year: number;
}

/** The snapshots kept on `today`: the current one and every target year already ended. */
export function snapshotsOn(today: string): Snapshot[] {
  const ended = programme.targets
    .filter((t) => `${t.year}-12-31` < today)
    .map((t) => ({ id: `Y${t.year}`, asOf: `${t.year}-12-31`, year: t.year }));
  return [{ id: 'current', asOf: today, year: Number(today.slice(0, 4)) }, ...ended];
}

const childLength: Record<OrgLevel, number> = { province: 4, city: 6, county: 9, township: 12, village: 12 };

/** China midnight at the start of `date`, as an ISO instant. */
const chinaMidnight = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const nextDay = (date: string) => addDays(date, 1);

/** The ancestors of a township that hold aggregates: county, city, province. */
function ancestorsOf(township: string): string[] {
  const out: string[] = [];
  for (let code = parentCodeOf(township); code !== undefined; code = parentCodeOf(code)) out.push(code);
  return out;
}

export interface RunCounts {
  provinces: number;
  changes: number;
  townships: number;
  villagesRead: number;
  rollups: number;
  failed: number;
}

export function createAggregation(deps: {
  orgs: OrgRepository;
  history: VillageHistoryRepository;
  aggregates: AggregateRepository;
}) {
  /** The rows of a township's villages on each snapshot date (one read per village). */
  async function townshipRows(township: string, dates: readonly string[]) {
    const villages = (await deps.orgs.children(township)).filter((u) => u.level === 'village');
    const histories = await mapLimit(villages, readConcurrency, (v) => deps.history.read(v.code));
    return {
      villages: villages.length,
      byDate: dates.map((date) =>
        villages.map((unit, i) =>
          villageRow({ unit, ...(histories[i] ?? { submissions: [], evaluations: [] }) }, date),
        ),
      ),
    };
  }

  /** Recomputes one township's aggregates for every snapshot; returns the villages read. */
  async function recomputeTownship(unit: OrgUnit, computedAt: string, today: string): Promise<number> {
    const snapshots = snapshotsOn(today);
    const { villages, byDate } = await townshipRows(
      unit.code,
      snapshots.map((s) => s.asOf),
    );
    await Promise.all(
      snapshots.map((s, i) => {
        const rows = byDate[i] ?? [];
        return deps.aggregates.put({
          code: unit.code,
          name: unit.name,
          level: unit.level,
          snapshot: s.id,
          asOf: s.asOf,
          computedAt,
          totals: addTotals(rows.map(rowTotals)),
          rows,
        });
      }),
    );
    // Ask to be recomputed when a row can change by itself (a rectification deadline
    // passing, a roster date arriving) or when a target year ends and gets its snapshot.
    const current = byDate[0] ?? [];
    const days = current.flatMap((r) => (r.changesAfter !== undefined ? [nextDay(r.changesAfter)] : []));
    for (const t of programme.targets) if (`${t.year}-12-31` >= today) days.push(`${t.year + 1}-01-01`);
    const wake = days.sort()[0];
    if (wake !== undefined) await deps.aggregates.wake(unit.code, chinaMidnight(wake));
    return villages;
  }

  /** Re-adds a unit from the stored aggregates of the level below, for every snapshot. */
  async function rollUp(code: string, computedAt: string, today: string): Promise<void> {
    const unit = await deps.orgs.get(code);
    if (!unit) return;
    const length = childLength[unit.level];
    await Promise.all(
      snapshotsOn(today).map(async (s) => {
        const below = await deps.aggregates.listUnder(s.id, code);
        const children = below.filter((a) => a.code.length === length);
        await deps.aggregates.put({
          code,
          name: unit.name,
          level: unit.level,
          snapshot: s.id,
          asOf: s.asOf,
          computedAt,
          totals: addTotals(children.map((c) => c.totals)),
        });
      }),
    );
  }

  /** Every unit under `code`, and every village's records (one read per village). */
  async function recordsUnder(code: string): Promise<{ units: OrgUnit[]; records: VillageRecords[] }> {
    const units = await deps.orgs.subtree(code);
    const villages = units.filter((u) => u.level === 'village');
    const histories = await mapLimit(villages, readConcurrency * 2, (v) => deps.history.read(v.code));
    return {
      units,
      records: villages.map((unit, i) => ({
        unit,
        ...(histories[i] ?? { submissions: [], evaluations: [] }),
      })),
    };
  }

  return {
    recomputeTownship,
    recordsUnder,

    /** One run of the `aggregate` job. Throws after finishing what it could if any township failed. */
    async run(now: Date): Promise<RunCounts> {
      const computedAt = now.toISOString();
      const today = chinaIsoDate(now);
      const counts: RunCounts = {
        provinces: 0,
        changes: 0,
        townships: 0,
        villagesRead: 0,
        rollups: 0,
        failed: 0,
      };
      const failures: unknown[] = [];
      for (const province of await deps.aggregates.provinces()) {
        counts.provinces++;
        const todo = await townshipsToDo(
          { orgs: deps.orgs, changes: deps.aggregates },
          'aggregate',
          province,
          computedAt,
        );
        counts.changes += todo.changes;
        const failedBefore = failures.length;
        const done: string[] = [];
        await mapLimit(todo.townships, 2, async (code) => {
          try {
            const unit = await deps.orgs.get(code);
            if (unit?.level !== 'township') return;
            const read = await recomputeTownship(unit, computedAt, today);
            counts.villagesRead += read;
            counts.townships++;
            done.push(code);
          } catch (err) {
            failures.push(err);
          }
        });
        // Counties, then cities, then the province: each level reads the one below.
        for (const level of [1, 2, 3]) {
          const codes = [...new Set(todo.townships.map((t) => ancestorsOf(t)[level - 1]))].filter(
            (c): c is string => c !== undefined && levelOfCode(c) !== undefined,
          );
          await Promise.all(
            codes.map(async (code) => {
              try {
                await rollUp(code, computedAt, today);
                counts.rollups++;
              } catch (err) {
                failures.push(err);
              }
            }),
          );
        }
        // Only a complete run moves the watermark: otherwise the next run redoes it all.
        if (failures.length === failedBefore) await deps.aggregates.setWatermark(province, computedAt);
      }
      counts.failed = failures.length;
      if (failures.length > 0) {
        throw new AggregateError(failures, `统计任务有 ${failures.length} 处失败，下次运行将重新统计`);
      }
      return counts;
    },

    /**
     * A unit's totals and its children's as of any date, recomputed from every village's
     * records (the answer for dates that are not stored snapshots, and the recount the
     * stored numbers must equal).
     */
    async recount(unit: OrgUnit, asOf: string) {
      const { units, records } = await recordsUnder(unit.code);
      const rows: VillageRow[] = records.map((r) => villageRow(r, asOf));
      const length = childLength[unit.level];
      const childUnits = units.filter((u) => u.code.length === length && u.code !== unit.code);
      const children = childUnits.map((c) => ({
        unit: c,
        totals: addTotals(rows.filter((r) => r.code.startsWith(c.code)).map(rowTotals)),
      }));
      return { totals: addTotals(rows.map(rowTotals)), children, rows };
    },
  };
}

export type Aggregation = ReturnType<typeof createAggregation>;

/** Stored aggregates read for a query: the unit's own, and its children's totals. */
export function fromStored(
  own: StoredAggregate,
  below: readonly StoredAggregate[],
  rows: readonly VillageRow[] = [],
): {
  totals: UnitTotals;
  children: { unit: Pick<OrgUnit, 'code' | 'name' | 'level'>; totals: UnitTotals }[];
} {
  if (own.level === 'township') {
    return {
      totals: own.totals,
      children: rows.map((r) => ({
        unit: { code: r.code, name: r.name, level: 'village' as const },
        totals: rowTotals(r),
      })),
    };
  }
  const length = childLength[own.level];
  return {
    totals: own.totals,
    children: below
      .filter((a) => a.code.length === length)
      .map((a) => ({ unit: { code: a.code, name: a.name, level: a.level }, totals: a.totals })),
  };
}
