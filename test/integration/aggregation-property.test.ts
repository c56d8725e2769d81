import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { chinaIsoDate } from '../../shared/lib/china-time';
import { acceptanceAnswers, lookbackAnswers, rubric84 } from '../support/rubric';
import { useTestStack } from '../support/stack';

/**
 * Incremental aggregation after any sequence of events equals a full recount and a
 * brute-force count of each village's own status. Runs accumulate in one store, so every
 * check sees the union of all sequences so far (itself just a longer sequence).
 * `PROPERTY_RUNS` raises the number of runs (npm run bench uses more).
 */
const t = useTestStack();
const runs = Number(process.env.PROPERTY_RUNS ?? 2);
const admin = { username: 'admin', role: 'admin' as const, scope: '34' };
const townships = ['341022104', '341022103'];
let villages: string[] = [];

const day = (offset: number) =>
  new Date(Date.parse('2023-06-01T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);

const command = fc.oneof(
  fc.record({
    kind: fc.constant('accept' as const),
    village: fc.nat(14),
    date: fc.nat(1200),
    standardized: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('lookback' as const),
    village: fc.nat(14),
    date: fc.nat(1200),
    conclusion: fc.constantFrom('keep' as const, 'rectify' as const, 'revoke' as const),
    deadline: fc.nat(120),
  }),
  fc.record({ kind: fc.constant('run' as const), twice: fc.boolean() }),
);

async function perform(
  c:
    | { kind: 'accept'; village: number; date: number; standardized: boolean }
    | {
        kind: 'lookback';
        village: number;
        date: number;
        conclusion: 'keep' | 'rectify' | 'revoke';
        deadline: number;
      }
    | { kind: 'run'; twice: boolean },
) {
  t.clock.now = new Date(t.clock.now.getTime() + 61_000);
  const today = chinaIsoDate(t.clock.now);
  const jobs = t.stack.services.jobs;
  if (c.kind === 'run') {
    await Promise.all(
      Array.from({ length: c.twice ? 2 : 1 }, () => jobs.aggregate({ source: 'test' }, t.clock.now)),
    );
    return;
  }
  // Never in the future: the earlier of the generated day and today.
  const date = [day(c.date), today].sort()[0] ?? today;
  const village = villages[c.village] ?? '';
  const answers =
    c.kind === 'accept'
      ? acceptanceAnswers(date, c.standardized ? rubric84 : { charter: false })
      : lookbackAnswers(
          date,
          c.conclusion,
          c.conclusion === 'rectify' ? day(c.date + c.deadline) : undefined,
        );
  const formId = c.kind === 'accept' ? 'acceptance' : 'lookback';
  await t.stack.services.evaluations.record(admin, village, { formId, answers }, undefined, t.clock.now);
}

/** The brute-force count: every village's own status on `asOf`. */
async function bruteForce(code: string, asOf: string) {
  const units = await t.stack.repos.orgs.subtree(code);
  let inRoster = 0;
  let standardized = 0;
  for (const u of units.filter((x) => x.level === 'village')) {
    const { view } = await t.stack.services.statuses.status(admin, u.code, asOf, t.clock.now);
    if (view.stage !== 'not_in_roster' && view.stage !== 'retired') inRoster++;
    if (view.standardized) standardized++;
  }
  return { villages: inRoster, standardized };
}

beforeAll(async () => {
  t.clock.now = new Date('2026-11-28T02:00:00Z');
  villages = [
    ...(await t.stack.repos.orgs.children(townships[0] ?? '')),
    ...(await t.stack.repos.orgs.children(townships[1] ?? '')),
  ]
    .filter((u) => u.level === 'village')
    .map((u) => u.code);
  expect(villages).toHaveLength(15);
});

describe('incremental aggregation', () => {
  it('after any sequence of events and runs, stored numbers equal a recount and a brute-force count', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 8 }), async (commands) => {
        for (const c of commands) await perform(c);
        t.clock.now = new Date(t.clock.now.getTime() + 61_000);
        await t.stack.services.jobs.aggregate({ source: 'test' }, t.clock.now);
        const today = chinaIsoDate(t.clock.now);
        let sum = 0;
        for (const code of townships) {
          const stored = await t.stack.services.stats.stats(admin, code, {}, t.clock.now);
          expect(stored.source).toBe('stored');
          expect({ villages: stored.villages, standardized: stored.standardized }).toEqual(
            await bruteForce(code, today),
          );
          const unit = await t.stack.repos.orgs.get(code);
          if (!unit) throw new Error('unit');
          expect(stored.standardized).toBe(
            (await t.stack.services.aggregation.recount(unit, today)).totals.standardized,
          );
          // A past year-end snapshot follows back-dated events too.
          const y2024 = await t.stack.services.stats.stats(admin, code, { year: 2024 }, t.clock.now);
          expect(y2024.source).toBe('stored');
          expect(y2024.standardized).toBe((await bruteForce(code, '2024-12-31')).standardized);
          sum += stored.standardized;
        }
        // The county rolled up from its townships (only these two have events).
        const county = await t.stack.services.stats.stats(admin, '341022', {}, t.clock.now);
        expect(county).toMatchObject({ source: 'stored', standardized: sum, villages: 72 });
      }),
      { numRuns: runs, seed: Number(process.env.PROPERTY_SEED ?? 20261203) },
    );
  }, 120_000);
});
