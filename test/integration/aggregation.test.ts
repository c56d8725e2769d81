import { beforeAll, describe, expect, it } from 'vitest';
import { chinaIsoDate } from '../../shared/lib/china-time';
import { json } from '../support/fill';
import { flakyCompose } from '../support/flaky';
import { acceptanceAnswers, lookbackAnswers } from '../support/rubric';
import { adminPassword, useTestStack } from '../support/stack';

const t = useTestStack();
const township = '341022104';
let admin = '';
let villages: string[] = [];

/** Moves the app's clock (and signs in again: sessions last an hour). */
const at = async (instant: string) => {
  t.clock.now = new Date(instant);
  admin = await t.login('admin', adminPassword);
};
const runJob = () => t.stack.services.jobs.aggregate({ source: 'test' }, t.clock.now);

async function evaluate(village: string, formId: 'acceptance' | 'lookback', answers: unknown) {
  const res = await t.request(
    `/api/v1/orgs/${village}/evaluations`,
    json({ formId, answers }, { method: 'POST', token: admin }),
  );
  if (res.status !== 201) throw new Error(`evaluation failed: ${res.status} ${await res.text()}`);
}

interface Stats {
  asOf: string;
  source: string;
  villages: number;
  standardized: number;
  rate: number;
  met?: boolean;
  needed?: number;
  target?: { year: number; rateAbove: number };
  steps: Record<string, { expected: number; submitted: number }>;
  children: { unit: { code: string }; villages: number; standardized: number }[];
}
async function stats(code: string, query = ''): Promise<Stats> {
  const res = await t.request(`/api/v1/stats/${code}${query}`, { token: admin });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Stats;
}

/** The brute-force recount: each village's own status, through the status API, on `asOf`. */
async function recount(asOf: string) {
  let inRoster = 0;
  let standardized = 0;
  for (const v of villages) {
    const res = await t.request(`/api/v1/orgs/${v}/status?asOf=${asOf}`, { token: admin });
    const s = (await res.json()) as { stage: string; standardized: boolean };
    if (s.stage !== 'not_in_roster' && s.stage !== 'retired') inRoster++;
    if (s.standardized) standardized++;
  }
  return { villages: inRoster, standardized };
}

beforeAll(async () => {
  await at('2025-11-03T02:00:00Z');
  const children = (await (
    await t.request(`/api/v1/orgs/${township}/children`, { token: admin })
  ).json()) as {
    code: string;
    level: string;
  }[];
  villages = children.filter((c) => c.level === 'village').map((c) => c.code);
  expect(villages).toHaveLength(12);
});

describe('the aggregate job and the stats queries', () => {
  it('a first run rebuilds everything; townships, the county and the city answer from stored aggregates', async () => {
    for (const v of villages.slice(0, 8)) await evaluate(v, 'acceptance', acceptanceAnswers('2025-11-01'));
    const counts = await runJob();
    expect(counts).toMatchObject({ provinces: 1, failed: 0 });
    expect(counts.townships).toBe(109);

    const own = await stats(township);
    expect(own).toMatchObject({
      source: 'stored',
      asOf: '2025-11-03',
      villages: 12,
      standardized: 8,
      target: { year: 2025, rateAbove: 0.7 },
      met: false,
      needed: 1,
    });
    expect(own.rate).toBeCloseTo(8 / 12, 10);
    expect(own.steps.acceptance).toMatchObject({ expected: 12, submitted: 8 });
    expect(own.children).toHaveLength(12);

    // The demo roster: 东临溪镇's 12 villages and 3 example villages in each other township of 休宁县.
    const county = await stats('341022');
    expect(county).toMatchObject({ source: 'stored', villages: 72, standardized: 8, met: false, needed: 43 });
    expect(county.children).toHaveLength(21);
    expect(county.children.find((c) => c.unit.code === township)).toMatchObject({
      villages: 12,
      standardized: 8,
    });
    const city = await stats('3410');
    expect(city).toMatchObject({ villages: 72, standardized: 8 });
    expect(city.children).toHaveLength(7);
  });

  it('only changed townships are recomputed; the ninth acceptance meets 70% (strictly more)', async () => {
    const idle = await runJob();
    // Nothing changed since the watermark but the re-read window: this township at most.
    expect(idle.townships).toBeLessThanOrEqual(1);
    await at('2025-11-03T03:00:00Z');
    await evaluate(villages[8] ?? '', 'acceptance', acceptanceAnswers('2025-11-02'));
    await at('2025-11-03T03:10:00Z');
    const counts = await runJob();
    expect(counts.townships).toBe(1);
    expect(counts.villagesRead).toBe(12);
    expect(await stats(township)).toMatchObject({ standardized: 9, met: true, needed: 0 });
  });

  it('a date that is not a stored snapshot is recounted, and equals the brute-force recount', async () => {
    const before = await stats(township, '?asOf=2025-11-01');
    expect(before.source).toBe('recount');
    expect({ villages: before.villages, standardized: before.standardized }).toEqual(
      await recount('2025-11-01'),
    );
    expect(before.standardized).toBe(8);
    const earlier = await stats('341022', '?asOf=2025-10-31');
    expect(earlier).toMatchObject({ standardized: 0, villages: 72 });
  });

  it('a back-dated look-back changes the past year-end snapshot', async () => {
    await at('2026-02-01T02:00:00Z');
    await runJob();
    const y2025 = await stats('341022', '?year=2025');
    expect(y2025).toMatchObject({ source: 'stored', asOf: '2025-12-31', standardized: 9, met: false });
    expect(await stats(township, '?year=2025')).toMatchObject({ standardized: 9, met: true });
    await evaluate(villages[0] ?? '', 'lookback', lookbackAnswers('2025-12-15', 'revoke'));
    await at('2026-02-01T02:10:00Z');
    await runJob();
    expect(await stats('341022', '?year=2025')).toMatchObject({ standardized: 8, met: false });
    expect(await stats(township, '?year=2025')).toMatchObject({ standardized: 8, met: false, needed: 1 });
    expect(await recount('2025-12-31')).toEqual({ villages: 12, standardized: 8 });
    expect(await stats(township, '?year=2024')).toMatchObject({
      standardized: 0,
      target: { rateAbove: 0.68 },
    });
  });

  it('a rectification deadline passing is picked up without any new event', async () => {
    await evaluate(villages[1] ?? '', 'lookback', lookbackAnswers('2026-02-01', 'rectify', '2026-03-01'));
    await at('2026-02-01T02:20:00Z');
    await runJob();
    expect((await stats(township)).standardized).toBe(8);
    await at('2026-03-01T15:00:00Z'); // 23:00 on the deadline, China time: still within it
    await runJob();
    expect((await stats(township)).standardized).toBe(8);
    await at('2026-03-01T16:30:00Z'); // 00:30 on 2 March: lapsed
    const counts = await runJob();
    expect(counts.townships).toBe(1);
    expect(await stats(township)).toMatchObject({ asOf: '2026-03-02', standardized: 7 });
    expect(await recount('2026-03-02')).toEqual({ villages: 12, standardized: 7 });
  });

  it('an event stamped before a run but landing after it is counted by the next run', async () => {
    await at('2026-03-05T02:00:00Z');
    await runJob(); // its watermark is now 02:00:00
    const stampedAt = new Date('2026-03-05T01:59:58Z');
    // Written straight to the store with an earlier stamp, as a slow request would.
    await t.stack.repos.evaluations.create({
      id: 'late-evaluation-0001',
      orgCode: villages[11] ?? '',
      formId: 'acceptance',
      formVersion: 1,
      effectiveDate: '2026-03-04',
      recordedAt: stampedAt.toISOString(),
      by: 'admin',
      answers: {},
      score: {
        total: 90,
        maxTotal: 100,
        grade: { key: 'excellent', label: '优秀' },
        standardized: true,
        failedVetoes: [],
      },
    });
    await at('2026-03-05T02:01:00Z');
    await runJob();
    expect((await stats(township)).standardized).toBe(8);
  });

  it('two runs at once and runs with 10% of writes failing converge to the recount', async () => {
    await evaluate(villages[10] ?? '', 'acceptance', acceptanceAnswers('2026-03-05'));
    await at('2026-03-05T03:00:00Z');
    await Promise.all([runJob(), runJob()]);
    expect((await stats(township)).standardized).toBe(9);

    // A second composition over the same store whose writes fail one time in ten.
    const flaky = flakyCompose(t, 0.1, 7);
    await evaluate(villages[9] ?? '', 'acceptance', acceptanceAnswers('2026-03-05'));
    let failedRuns = 0;
    let succeeded = false;
    // Runs until one pair has gone through after some failed (at most 40 pairs).
    for (let i = 0; i < 40 && !(succeeded && failedRuns > 0 && i >= 6); i++) {
      await at(new Date(t.clock.now.getTime() + 60_000).toISOString());
      const outcome = await Promise.allSettled([
        flaky.services.jobs.aggregate({ source: 'test' }, t.clock.now),
        flaky.services.jobs.aggregate({ source: 'test' }, t.clock.now),
      ]);
      failedRuns += outcome.filter((o) => o.status === 'rejected').length;
      succeeded ||= outcome.some((o) => o.status === 'fulfilled');
    }
    expect(failedRuns).toBeGreaterThan(0);
    expect(succeeded).toBe(true);
    const today = chinaIsoDate(t.clock.now);
    const expected = await recount(today);
    expect(expected.standardized).toBe(10);
    expect(await stats(township)).toMatchObject({ source: 'stored', ...expected });
    for (const code of ['341022', '3410', '34']) {
      expect(await stats(code), code).toMatchObject({ source: 'stored', villages: 72, standardized: 10 });
    }
  });
});
