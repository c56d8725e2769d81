import { DeleteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readShippedForms } from '../bin/form-files';
import { readDivisionsCsv, startLocalStack } from '../bin/local-stack';
import { seedDemoOrgs } from '../shared/app/setup/seed-demo';
import { syncShippedForms } from '../shared/app/setup/sync-forms';
import { changeLagMs, snapshotsOn } from '../shared/app/stats/aggregation';
import type { Principal } from '../shared/auth/user';
import { mapLimit } from '../shared/lib/map-limit';
import type { OrgUnit } from '../shared/org/org-unit';
import { aggregateKeys, jobStateKeys, orgKeys } from '../shared/store/keys';
import { acceptanceAnswers } from '../test/support/rubric';
import { type Bench, type BenchResult, median, ratio } from './harness';
import { benchNow } from './seeded-stack';

/** Villages added to each of 黄山市's 109 townships (codes …301–…392, clear of the demo's). */
const VILLAGES_PER_TOWNSHIP = 92;
/** Changed villages per incremental round, spread over as many townships. */
const SPREAD_ROUNDS = [1, 10, 100] as const;
/** Changed villages of the concentrated round, all in one township. */
const CONCENTRATED = 10;
const QUERY_ROUNDS = 7;
const QUERY_OPS = 20;
const county = '341022';
const province = '34';
const admin: Principal = { username: 'admin', role: 'admin', scope: province };
const minute = 60_000;

/** What one stretch of store traffic did: items returned, commands sent, capacity units. */
interface Reads {
  items: number;
  commands: Record<string, number>;
  rcu: number;
  wcu: number;
}
const noReads = (): Reads => ({ items: 0, commands: {}, rcu: 0, wcu: 0 });
const readCommands = new Set(['Query', 'GetItem']);
const writeCommands = new Set(['PutItem', 'DeleteItem', 'UpdateItem', 'BatchWriteItem']);

/**
 * Counts the items the store returned (a Query's `Items`, a GetItem's `Item`) and the
 * commands sent, through a middleware on this client only (like `countCommands`, but it
 * looks at the output). While counting it asks reads and writes for their consumed
 * capacity, so the note can say what the items weigh; timed sections run with it off.
 */
function countReads(client: DynamoDBDocumentClient) {
  let on = false;
  let reads = noReads();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (!on) return next(args);
      const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
      reads.commands[name] = (reads.commands[name] ?? 0) + 1;
      const isRead = readCommands.has(name);
      const measured = isRead || writeCommands.has(name);
      const input = args.input as Record<string, unknown>;
      const result = await next(
        measured ? { ...args, input: { ...input, ReturnConsumedCapacity: 'TOTAL' } } : args,
      );
      const output = result.output as {
        Items?: unknown[];
        Item?: unknown;
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
      };
      reads.items += (output.Items?.length ?? 0) + (output.Item ? 1 : 0);
      const units = [output.ConsumedCapacity ?? []].flat().reduce((a, c) => a + (c.CapacityUnits ?? 0), 0);
      if (isRead) reads.rcu += units;
      else reads.wcu += units;
      return result;
    },
    { step: 'initialize', name: 'benchItemsRead' },
  );
  return {
    async during<T>(work: () => Promise<T>): Promise<{ result: T; reads: Reads }> {
      reads = noReads();
      on = true;
      try {
        const result = await work();
        return { result, reads };
      } finally {
        on = false;
      }
    },
  };
}

const total = (commands: Record<string, number>) => Object.values(commands).reduce((a, b) => a + b, 0);

/** Queries every page of a key condition; returns the items read. */
async function queryAll(
  client: DynamoDBDocumentClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
): Promise<number> {
  let items = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey }));
    items += out.Items?.length ?? 0;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/**
 * The aggregate job against the work it cannot avoid, on a 10,000-village roster (黄山市's
 * 109 townships, 92 villages each, plus the demo's 72): (1) items read by an incremental
 * run against villages changed, with a full rebuild's items as the baseline; (2) a
 * county's stats from stored aggregates against a bare Query of the same items; (3) a
 * full rebuild against bare Queries of the same items at the job's concurrency.
 */
export const bench: Bench = {
  name: 'aggregation',
  async run(ctx) {
    const started = performance.now();
    const log = (step: string) => ctx.log(`${((performance.now() - started) / 1000).toFixed(0)} s: ${step}`);
    log('starting the in-memory local stack (dynalite) with a movable clock');
    const clock = { now: new Date(benchNow) };
    const stack = await startLocalStack(
      {
        dataDir: await ctx.tmpDir(),
        tableName: 'bench-table',
        sessionTtlSeconds: 3600,
        maxBodyBytes: 64 * 1024,
      },
      { inMemory: true, now: () => clock.now },
    );
    try {
      const { client, name: TableName } = stack.table;
      await seedDemoOrgs(stack.repos, await readDivisionsCsv(), clock.now);
      await syncShippedForms(stack.deps.forms, await readShippedForms(), clock.now);
      const townships = (await stack.repos.orgs.subtree('3410'))
        .filter((u) => u.level === 'township')
        .map((u) => u.code)
        .sort();
      const roster: OrgUnit[] = townships.flatMap((t) =>
        Array.from({ length: VILLAGES_PER_TOWNSHIP }, (_, i) => ({
          code: `${t}${301 + i}`,
          name: `示例${i + 1}村`,
          level: 'village' as const,
          parentCode: t,
          kind: 'village' as const,
          illustrative: true,
        })),
      );
      log(`writing ${roster.length} villages under ${townships.length} townships`);
      await stack.repos.orgs.putMany(roster);
      const villages = (await stack.repos.orgs.subtree(province)).filter((u) => u.level === 'village');
      const villagesOf = new Map<string, number>();
      for (const v of villages)
        villagesOf.set(v.code.slice(0, 9), (villagesOf.get(v.code.slice(0, 9)) ?? 0) + 1);
      log(`roster: ${villages.length} villages`);

      const counter = countReads(client);
      const runJob = () => stack.services.jobs.aggregate({ source: 'bench' }, clock.now);

      // The roster's own change marks are stamped at benchNow: the first run is past the
      // re-read window of them, so later runs see only the evaluations recorded below.
      clock.now = new Date(benchNow.getTime() + 2 * changeLagMs);
      log('full rebuild (first run of the job)');
      const rebuildStart = performance.now();
      const full = await counter.during(runJob);
      const firstRebuildMs = performance.now() - rebuildStart;
      log(`full rebuild: ${JSON.stringify(full.result)} in ${firstRebuildMs.toFixed(0)} ms`);
      let lastRun = clock.now.getTime();

      /**
       * One incremental round: acceptances recorded a minute after the last run, the job
       * run two re-read windows after it, so the next round does not re-read them.
       */
      const round = async (label: string, changed: string[]) => {
        clock.now = new Date(lastRun + minute);
        const today = '2026-11-20';
        for (const v of changed) {
          await stack.services.evaluations.record(
            admin,
            v,
            { formId: 'acceptance', answers: acceptanceAnswers(today) },
            undefined,
            clock.now,
          );
        }
        clock.now = new Date(lastRun + 2 * changeLagMs);
        const run = await counter.during(runJob);
        lastRun = clock.now.getTime();
        const touched = [...new Set(changed.map((v) => v.slice(0, 9)))];
        const inTouched = touched.reduce((a, t) => a + (villagesOf.get(t) ?? 0), 0);
        log(
          `${label}: job counts ${JSON.stringify(run.result)}; ${run.reads.items} items, ` +
            `${total(run.reads.commands)} commands; ${inTouched} villages in the changed townships`,
        );
        if (run.result.townships !== touched.length) {
          throw new Error(
            `${label}: ${run.result.townships} townships recomputed, ${touched.length} changed`,
          );
        }
        return { label, changed: changed.length, townships: touched.length, inTouched, run };
      };

      const rounds = [await round('idle', [])];
      if (Math.max(...SPREAD_ROUNDS) > townships.length) throw new Error('more rounds than townships');
      const spread: Awaited<ReturnType<typeof round>>[] = [];
      for (const [r, k] of SPREAD_ROUNDS.entries()) {
        // Village …301+r of the first k townships: a new village each round.
        const changed = Array.from({ length: k }, (_, j) => `${townships[j] ?? ''}${301 + r}`);
        spread.push(await round(`${k} in ${k} townships`, changed));
      }
      rounds.push(...spread);
      const one = townships[0] ?? '';
      rounds.push(
        await round(
          `${CONCENTRATED} in 1 township`,
          Array.from({ length: CONCENTRATED }, (_, j) => `${one}${311 + j}`),
        ),
      );

      // A fast wrong job is no result: every acceptance (all 100 points) must be counted once.
      const accepted = SPREAD_ROUNDS.reduce((a, k) => a + k, 0) + CONCENTRATED;
      const city = await stack.services.stats.stats(admin, '3410', {}, clock.now);
      if (city.source !== 'stored' || city.standardized !== accepted || city.villages !== villages.length) {
        throw new Error(
          `黄山市: ${JSON.stringify({ source: city.source, standardized: city.standardized })}`,
        );
      }

      const results: BenchResult[] = [];
      const pick = spread.find((r) => r.changed === 10);
      const first = spread[0];
      const last = spread.at(-1);
      if (!pick || !first || !last) throw new Error('the spread rounds must include 10');
      // Items per changed township and the fixed part of a run, from the smallest and largest round.
      const perTownship = (last.run.reads.items - first.run.reads.items) / (last.townships - first.townships);
      const fixed = first.run.reads.items - perTownship * first.townships;
      const rcuPerTownship = (last.run.reads.rcu - first.run.reads.rcu) / (last.townships - first.townships);
      const rcuFixed = first.run.reads.rcu - rcuPerTownship * first.townships;
      const perRound = rounds
        .map((r) => {
          const reads = r.run.reads;
          const perVillage =
            r.changed > 0 ? ` (${(reads.items / r.changed).toFixed(0)} per changed village)` : '';
          return (
            `${r.label}: ${reads.items} items${perVillage}, ${r.inTouched} villages in ${r.townships} changed townships, ` +
            `${r.run.result.rollups} roll-ups, ${total(reads.commands)} commands, ${reads.rcu} RCU, ${reads.wcu} WCU`
          );
        })
        .join('; ');
      results.push({
        benchmark: 'aggregation',
        metric: 'items read by an incremental run, 10 villages changed in 10 townships',
        value: pick.run.reads.items,
        unit: 'items',
        baseline: {
          label: `items read by a full rebuild (${villages.length} villages)`,
          value: full.reads.items,
        },
        ratio: ratio(pick.run.reads.items, full.reads.items),
        better: 'lower',
        note:
          `${perRound}. Fit over the spread rounds: items ≈ ${fixed.toFixed(0)} + ${perTownship.toFixed(1)} × townships changed ` +
          `(the township's villages and unit, its villages' records; the fixed part is the county/city/province roll-ups, ` +
          `which re-read every stored aggregate under the unit for ${snapshotsOn(city.asOf).length} snapshots); read units ≈ ${rcuFixed.toFixed(0)} + ` +
          `${rcuPerTownship.toFixed(1)} × townships. Full rebuild: ${full.reads.items} items, ${total(full.reads.commands)} ` +
          `commands ${JSON.stringify(full.reads.commands)}, ${full.reads.rcu} RCU, ${full.reads.wcu} WCU. Afterwards 黄山市 ` +
          `(stored) has ${city.standardized} standardized = the ${accepted} acceptances. In-memory dynalite, RCU/WCU as dynalite computes them`,
      });

      // (2) A county from stored aggregates against a bare Query of the same partition and prefix.
      const countyStats = () => stack.services.stats.stats(admin, county, {}, clock.now);
      const countyView = await countyStats();
      if (countyView.source !== 'stored') throw new Error(`${county} answered by ${countyView.source}`);
      const queryCounted = await counter.during(countyStats);
      const bareCounty = () =>
        queryAll(client, {
          TableName,
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': aggregateKeys.partition('current', county), ':s': county },
        });
      const bareCounted = await counter.during(bareCounty);
      if (bareCounted.result !== queryCounted.reads.items) {
        throw new Error(`bare Query read ${bareCounted.result} items, stats ${queryCounted.reads.items}`);
      }
      const timeOps = async (op: () => Promise<unknown>) => {
        const start = performance.now();
        for (let i = 0; i < QUERY_OPS; i++) await op();
        return (QUERY_OPS / (performance.now() - start)) * 1000;
      };
      const statsSamples: number[] = [];
      const bareSamples: number[] = [];
      log(`county query: ${QUERY_ROUNDS} rounds of ${QUERY_OPS}`);
      for (let r = 0; r < QUERY_ROUNDS; r++) {
        const order = r % 2 === 0 ? ['stats', 'bare'] : ['bare', 'stats'];
        for (const which of order) {
          if (which === 'stats') statsSamples.push(await timeOps(countyStats));
          else bareSamples.push(await timeOps(bareCounty));
        }
      }
      const statsRate = median(statsSamples);
      const bareRate = median(bareSamples);
      results.push({
        benchmark: 'aggregation',
        metric: `stats of a county (${county}) from stored aggregates, queries/s (median, 1 in flight)`,
        value: statsRate,
        unit: 'req/s',
        baseline: { label: 'bare Query of the same partition and prefix (Query/s)', value: bareRate },
        ratio: ratio(statsRate, bareRate),
        better: 'higher',
        note:
          `per query ${JSON.stringify(queryCounted.reads.commands)} (the unit from the in-process org cache), ` +
          `${queryCounted.reads.items} items: the county and its ${countyView.children.length} townships with their village ` +
          `rows (${countyView.villages} villages), ${queryCounted.reads.rcu} RCU. ${QUERY_ROUNDS} rounds of ${QUERY_OPS} ` +
          `sequential queries, order alternated per round`,
      });

      // (3) A full rebuild against bare Queries of what it reads, at the job's concurrency.
      const bareRebuild = async () => {
        let items = await queryAll(client, {
          TableName,
          IndexName: 'byScope',
          KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :s)',
          ExpressionAttributeValues: { ':p': orgKeys.scope(province).gsi2pk, ':s': province },
        });
        const perTownship = await mapLimit(townships, 2, async (t) => {
          const children = await client.send(
            new QueryCommand({
              TableName,
              IndexName: 'byParent',
              KeyConditionExpression: 'gsi1pk = :p',
              ExpressionAttributeValues: { ':p': orgKeys.children(t).gsi1pk },
            }),
          );
          const codes = (children.Items ?? []).map((i) => String(i.code));
          const histories = await mapLimit(codes, 8, (code) =>
            queryAll(client, {
              TableName,
              KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
              ExpressionAttributeValues: { ':p': `VILLAGE#${code}`, ':from': 'EVAL#', ':to': 'SUB#\uffff' },
            }),
          );
          return codes.length + histories.reduce((a, b) => a + b, 0);
        });
        items += perTownship.reduce((a, b) => a + b, 0);
        return items;
      };
      const rebuild = async () => {
        clock.now = new Date(clock.now.getTime() + 2 * changeLagMs);
        // Without its watermark the job rebuilds the province, as on its first run.
        await client.send(new DeleteCommand({ TableName, Key: jobStateKeys.item('aggregate', province) }));
        const counts = await runJob();
        if (counts.townships !== townships.length)
          throw new Error(`rebuild did ${counts.townships} townships`);
      };
      const timed = async <T>(op: () => Promise<T>) => {
        const start = performance.now();
        const result = await op();
        return { ms: performance.now() - start, result };
      };
      // The first run above is the job's first sample; then bare, job, bare.
      const rebuildMs = [firstRebuildMs];
      const bareMs: number[] = [];
      let bareItems = 0;
      for (const which of ['bare', 'job', 'bare'] as const) {
        log(`full rebuild: ${which === 'job' ? 'the job' : 'bare Queries'}`);
        if (which === 'job') rebuildMs.push((await timed(rebuild)).ms);
        else {
          const { ms, result } = await timed(bareRebuild);
          bareMs.push(ms);
          bareItems = result;
        }
        log(`  ${((which === 'job' ? rebuildMs.at(-1) : bareMs.at(-1)) ?? 0).toFixed(0)} ms`);
      }
      const jobTime = median(rebuildMs) / 1000;
      const bareTime = median(bareMs) / 1000;
      const seconds = (ms: number[]) => ms.map((m) => (m / 1000).toFixed(1)).join(', ');
      results.push({
        benchmark: 'aggregation',
        metric: `full rebuild of ${villages.length} villages (the aggregate job with no watermark), seconds (median)`,
        value: jobTime,
        unit: 's',
        baseline: { label: 'bare Queries of the same items at the same concurrency (s)', value: bareTime },
        ratio: ratio(jobTime, bareTime),
        better: 'lower',
        note:
          `job ${seconds(rebuildMs)} s (the first run, then one with the watermark deleted), bare ${seconds(bareMs)} s, ` +
          `run bare, job, bare after the first run. Bare: ${bareItems} items — the province's units (byScope), each ` +
          `township's children (byParent, 2 townships at once) and each village's partition (8 at once per township), ` +
          `as the job reads them; the job also reads each township unit and the roll-ups and writes ` +
          `${full.reads.commands.PutItem ?? 0} items (${full.reads.wcu} WCU)`,
      });

      return results;
    } finally {
      await stack.close();
    }
  },
};
