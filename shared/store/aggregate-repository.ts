import * as z from 'zod/mini';
import { orgLevels } from '../org/division';
import type { UnitTotals } from '../programme/unit-totals';
import { stages } from '../programme/village-events';
import type { VillageRow } from '../programme/village-row';
import type { Table } from './dynamo';
import { aggregateKeys, changeKeys, exportKeys, jobStateKeys, provinceKeys } from './keys';

const count = z.number().check(z.gte(0));

const stepCountsSchema = z.object({ expected: count, submitted: count, approved: count, onTime: count });

export const unitTotalsSchema = z.object({
  villages: count,
  communities: count,
  standardized: count,
  steps: z.record(z.string(), stepCountsSchema),
  associations: count,
  registered: count,
  filed: count,
  elderly: count,
  members: count,
  withVenue: count,
  pilots: count,
  funds: z.number(),
});

const formProgressSchema = z.object({
  state: z.enum(['none', 'returned', 'pending', 'approved']),
  onTime: z.boolean(),
  lastAt: z.optional(z.string()),
});

export const villageRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['village', 'community']),
  inRoster: z.boolean(),
  stage: z.enum(stages),
  standardized: z.boolean(),
  grade: z.optional(z.string()),
  selfScore: z.optional(z.number()),
  acceptanceScore: z.optional(z.number()),
  forms: z.record(z.string(), formProgressSchema),
  baseline: z.optional(
    z.object({
      hasAssociation: z.boolean(),
      registration: z.optional(z.enum(['registered', 'filed', 'none'])),
      elderly: z.optional(z.number()),
      members: z.optional(z.number()),
      hasVenue: z.boolean(),
      pilot: z.boolean(),
      funds: z.optional(z.number()),
    }),
  ),
  changesAfter: z.optional(z.string()),
});

// The schemas must describe the domain types exactly (checked at compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameTotals: Same<z.infer<typeof unitTotalsSchema>, UnitTotals> = true;
const sameRows: Same<z.infer<typeof villageRowSchema>, VillageRow> = true;
void sameTotals;
void sameRows;

/** A unit's stored aggregate for one snapshot (`current`, `Y2024`). */
export interface StoredAggregate {
  code: string;
  name: string;
  level: (typeof orgLevels)[number];
  snapshot: string;
  /** The date the numbers are as of. */
  asOf: string;
  /** When the job started reading what they were computed from (newer wins). */
  computedAt: string;
  totals: UnitTotals;
  /** Townships only: their villages' rows (stored apart, see `rowsOf`). */
  rows?: VillageRow[];
}

/** A township's village rows for one snapshot. */
export interface StoredRows {
  code: string;
  name: string;
  computedAt: string;
  rows: VillageRow[];
}

const jsonOf = <S extends z.ZodMiniType>(schema: S) =>
  z.pipe(
    z.pipe(
      z.string(),
      z.transform((text, ctx): unknown => {
        try {
          return JSON.parse(text);
        } catch {
          ctx.issues.push({ code: 'custom', message: 'invalid JSON', input: text });
          return z.NEVER;
        }
      }),
    ),
    schema,
  );

const aggregateItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(orgLevels),
  snapshot: z.string(),
  asOf: z.string(),
  computedAt: z.string(),
  totals: jsonOf(unitTotalsSchema),
});

const rowsItemSchema = z.object({
  code: z.string(),
  name: z.string(),
  computedAt: z.string(),
  rows: jsonOf(z.array(villageRowSchema)),
});

/** "Newer computation wins" for an aggregate or rows item. */
const newer = (computedAt: string) => ({
  expression: 'attribute_not_exists(pk) OR #c <= :c',
  names: { '#c': 'computedAt' },
  values: { ':c': computedAt },
});

const watermarkSchema = z.object({ watermark: z.string() });
const provinceSchema = z.object({ sk: z.string() });
const changeSchema = z.object({ gsi3sk: z.string() });

const exportRequestSchema = z.object({
  sk: z.string(),
  done: z.optional(z.boolean()),
  request: z.object({
    code: z.string(),
    table: z.enum(['summary', 'statistics']),
    format: z.enum(['xlsx', 'csv']),
    asOf: z.string(),
    year: z.int(),
    preparer: z.string(),
    reportedOn: z.string(),
  }),
});
export type QueuedExport = { key: string; request: z.infer<typeof exportRequestSchema>['request'] };

/** Stored aggregates, the change feed the job reads, the job's watermarks and queued exports. */
export function dynamoAggregateRepository(table: Table) {
  return {
    /**
     * Writes the aggregate unless a newer computation already did (false then). A
     * township's village rows go to their own item, so roll-ups and county queries read
     * small totals items only.
     */
    async put(a: StoredAggregate): Promise<boolean> {
      const { rows, ...head } = a;
      const [wrote] = await Promise.all([
        table.putIf(
          { ...aggregateKeys.item(a.snapshot, a.code), ...head, totals: JSON.stringify(a.totals) },
          newer(a.computedAt),
        ),
        rows
          ? table.putIf(
              {
                ...aggregateKeys.rows(a.snapshot, a.code),
                code: a.code,
                name: a.name,
                computedAt: a.computedAt,
                rows: JSON.stringify(rows),
              },
              newer(a.computedAt),
            )
          : undefined,
      ]);
      return wrote;
    },
    /** A township's village rows for a snapshot. */
    rowsOf: (snapshot: string, code: string): Promise<StoredRows | undefined> =>
      table.get(aggregateKeys.rows(snapshot, code), rowsItemSchema),
    /** The village rows of every township under `code`: one Query. */
    rowsUnder: (snapshot: string, code: string): Promise<StoredRows[]> =>
      table.query(
        { partition: ['pk', aggregateKeys.rowsPartition(snapshot, code)], sortPrefix: ['sk', code] },
        rowsItemSchema,
      ),
    get: (snapshot: string, code: string): Promise<StoredAggregate | undefined> =>
      table.get(aggregateKeys.item(snapshot, code), aggregateItemSchema),
    /** The unit `code` and every stored unit below it, by code: one Query. */
    listUnder: (snapshot: string, code: string): Promise<StoredAggregate[]> =>
      table.query(
        { partition: ['pk', aggregateKeys.partition(snapshot, code)], sortPrefix: ['sk', code] },
        aggregateItemSchema,
      ),
    /** Provinces that have org units. */
    async provinces(): Promise<string[]> {
      const items = await table.query({ partition: ['pk', provinceKeys.partition] }, provinceSchema);
      return items.map((i) => i.sk);
    },
    /** The townships with changes written from `from` to `to` (ISO instants), and how many changes. */
    async changedTownships(province: string, from: string, to: string) {
      const items = await table.query(
        {
          index: 'byChange',
          partition: ['gsi3pk', changeKeys.partition(province)],
          sortBetween: ['gsi3sk', from, `${to}\uffff`],
        },
        changeSchema,
      );
      const townships = new Set(items.flatMap((i) => i.gsi3sk.split('#')[1] ?? []));
      return { townships: [...townships].filter((t) => /^\d{9}$/.test(t)), changes: items.length };
    },
    /** Asks for the township to be recomputed at `at` (a future instant): one item, replaced. */
    wake: (township: string, at: string) =>
      table.put({ ...changeKeys.wake(township), ...changeKeys.mark(`${township}000`, at, 'WAKE') }),
    /** Queues an export for the job on `day` (the same request twice is one item; a done one stays done). */
    requestExport: (day: string, key: string, request: QueuedExport['request']) =>
      table.putIfAbsent({ ...exportKeys.item(day, key), request }),
    /** The exports queued on the given days and not done yet. */
    async queuedExports(days: readonly string[]): Promise<(QueuedExport & { day: string })[]> {
      const found = await Promise.all(
        days.map(async (day) => {
          const items = await table.query(
            { partition: ['pk', exportKeys.partition(day)] },
            exportRequestSchema,
          );
          return items.filter((i) => !i.done).map((i) => ({ day, key: i.sk, request: i.request }));
        }),
      );
      return found.flat();
    },
    /** Done: the blob is there. */
    finishExport: (day: string, e: QueuedExport) =>
      table.put({ ...exportKeys.item(day, e.key), request: e.request, done: true }),
    /** How far a job has read the change feed of a province. */
    async watermark(province: string, job = 'aggregate'): Promise<string | undefined> {
      return (await table.get(jobStateKeys.item(job, province), watermarkSchema))?.watermark;
    },
    /** Moves the watermark forward only (a slower concurrent run cannot move it back). */
    setWatermark: (province: string, watermark: string, job = 'aggregate') =>
      table.putIf(
        { ...jobStateKeys.item(job, province), watermark },
        {
          expression: 'attribute_not_exists(pk) OR #w < :w',
          names: { '#w': 'watermark' },
          values: { ':w': watermark },
        },
      ),
  };
}

export type AggregateRepository = ReturnType<typeof dynamoAggregateRepository>;
