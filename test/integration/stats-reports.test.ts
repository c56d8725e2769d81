import { readSheet } from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createReports } from '../../shared/app/stats/reports';
import { parseCsv } from '../../shared/lib/csv-read';
import { issue, json, tokenOf } from '../support/fill';
import { acceptanceAnswers, baselineAnswers, submitThrough } from '../support/rubric';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
const township = '341022104';
let admin = '';
let clerk = '';
let stranger = '';
let links: { orgCode: string; url: string }[] = [];

const get = (path: string, token = clerk) => t.request(path, { token });

beforeAll(async () => {
  t.clock.now = new Date('2025-11-03T02:00:00Z');
  admin = await t.login('admin', adminPassword);
  await t.addUser('clerk', 'township', township, 'clerk-pass-123');
  await t.addUser('stranger', 'township', '341022103', 'stranger-pass-123');
  clerk = await t.login('clerk', 'clerk-pass-123');
  stranger = await t.login('stranger', 'stranger-pass-123');
  links = await issue(t, admin, { formId: 'baseline', parentCode: township });
  // Three baselines; the third is returned. Two acceptances.
  const ids: string[] = [];
  for (const link of links.slice(0, 3)) {
    const answers = await baselineAnswers(t, { elderlyPopulation: 200, members: 120 });
    ids.push((await submitThrough(t, tokenOf(link.url), answers)).id);
  }
  const returned = await t.request(
    `/api/v1/orgs/${links[2]?.orgCode}/submissions/${ids[2]}/review`,
    json({ decision: 'return', comment: '人口数请核实' }, { method: 'POST', token: clerk }),
  );
  expect(returned.status).toBe(200);
  for (const link of links.slice(0, 2)) {
    const res = await t.request(
      `/api/v1/orgs/${link.orgCode}/evaluations`,
      json(
        { formId: 'acceptance', answers: acceptanceAnswers('2025-11-02') },
        { method: 'POST', token: clerk },
      ),
    );
    expect(res.status).toBe(201);
  }
  await t.stack.services.jobs.aggregate({ source: 'test' }, t.clock.now);
});

describe('the chase list (催报)', () => {
  it('lists villages with nothing submitted or only returned submissions, with their links', async () => {
    const res = await get(`/api/v1/stats/${township}/chase?formId=baseline`);
    expect(res.status).toBe(200);
    const items = (await res.json()) as { orgCode: string; linkUrl?: string; reason: string }[];
    expect(items).toHaveLength(10);
    expect(items.map((i) => i.orgCode)).not.toContain(links[0]?.orgCode);
    expect(items.find((i) => i.orgCode === links[2]?.orgCode)?.reason).toBe('已退回，待重新提交');
    expect(items.every((i) => i.linkUrl?.startsWith('/f/'))).toBe(true);
  });

  it('as CSV with a BOM and codes kept as text, and as text for a WeChat group', async () => {
    const res = await get(`/api/v1/stats/${township}/chase?formId=baseline&format=csv`);
    // Named for a person: the unit, the form and the day, not codes.
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toMatch(
      /filename\*=UTF-8''催报名单-东临溪镇-摸底-\d{4}-\d\d-\d\d\.csv/,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]?.[0]).toBe('统计用区划代码');
    expect(rows[1]?.[0]).toMatch(/^="\d{12}"$/);
    expect(rows.filter((r) => r.length > 1)).toHaveLength(11);
    const text = await (await get(`/api/v1/stats/${township}/chase?formId=baseline&format=text`)).text();
    expect(text).toContain('【东临溪镇】摸底还有 10 个村（居）未完成');
    expect(text).toContain('http://localhost/f/');
    expect(text.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(10);
  });

  it('refuses forms villages do not fill, and other townships', async () => {
    expect((await get(`/api/v1/stats/${township}/chase?formId=acceptance`)).status).toBe(400);
    const res = await get(`/api/v1/stats/${township}/chase?formId=baseline`, stranger);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('auth.out_of_scope');
  });
});

describe('what changed', () => {
  it('lists the villages whose standardized status moved, with the events between the dates', async () => {
    const res = await get(`/api/v1/stats/${township}/changes?from=2025-10-31&to=2025-11-03`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      villages: {
        orgCode: string;
        before: { standardized: boolean };
        after: { standardized: boolean };
        events: { type: string }[];
      }[];
    };
    expect(body.villages.map((v) => v.orgCode).sort()).toEqual([links[0]?.orgCode, links[1]?.orgCode].sort());
    for (const v of body.villages) {
      expect(v.before.standardized).toBe(false);
      expect(v.after.standardized).toBe(true);
      expect(v.events.map((e) => e.type)).toContain('acceptance');
    }
    expect((await get(`/api/v1/stats/${township}/changes?from=2025-11-03&to=2025-11-01`)).status).toBe(400);
    // Not days of the calendar: a clear 400, never a 500.
    for (const query of [
      'from=2026-02-30&to=2026-03-01',
      'from=2026-01-01&to=2026-99-99',
      'from=0001-01-01&to=2026-01-01',
    ]) {
      const res = await get(`/api/v1/stats/${township}/changes?${query}`);
      expect(res.status).toBe(400);
      const { error } = (await res.json()) as { error: { code: string; details: { message: string }[] } };
      expect(error.code).toBe('request.invalid');
      expect(error.details[0]?.message).toMatch(/应为有效日期 YYYY-MM-DD$/);
    }
  });
});

describe('the two official tables', () => {
  it('the county 汇总表 as XLSX: title, headers, a row per township with numbers typed as numbers', async () => {
    const res = await get('/api/v1/stats/341022/export?table=summary&format=xlsx', admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('休宁县'));
    const rows = await readSheet(Buffer.from(await res.arrayBuffer()));
    expect(String(rows[0]?.[0])).toContain('休宁县城乡社区老年协会建设情况汇总表');
    const dong = rows.find((r) => r[0] === '东临溪镇') ?? [];
    // 村 / 社区, 已建协会数 … as numbers (东临溪镇: 11 villages and 1 community).
    expect(dong[1]).toBe(11);
    expect(dong[2]).toBe(1);
    expect(typeof dong[3]).toBe('number');
    expect(
      rows.filter((r) => typeof r[0] === 'string' && r[0] !== '乡镇' && /[镇乡]$/.test(r[0])),
    ).toHaveLength(21);
    expect(rows.some((r) => r[0] === '合计')).toBe(true);
  });

  it('the township 统计表 as CSV: a row per village, codes as text', async () => {
    const res = await get(`/api/v1/stats/${township}/export?table=statistics&format=csv`);
    expect(res.status).toBe(200);
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(csv.slice(1));
    const body = rows.filter((r) => /^="\d{12}"$/.test(r[3] ?? ''));
    expect(body).toHaveLength(12);
    expect(rows[0]).toEqual(expect.arrayContaining(['乡镇', '村（居）名称']));
  });

  it('a large scope is written by the job into the blob store and then downloaded', async () => {
    const reports = createReports({
      orgLookup: { get: (c: string) => t.stack.repos.orgs.get(c) } as never,
      aggregates: t.stack.repos.aggregates,
      aggregation: t.stack.services.aggregation,
      links: t.stack.services.links,
      forms: t.stack.services.forms,
      blobs: t.stack.blobs,
      inlineMaxVillages: 10,
    });
    const principal = { username: 'admin', role: 'admin' as const, scope: '34' };
    const query = { table: 'statistics' as const, format: 'xlsx' as const };
    const first = await reports.export(principal, '341022', query, t.clock.now);
    expect(first).toMatchObject({ queued: true });
    expect(await reports.processQueuedExports(t.clock.now)).toBe(1);
    expect(await reports.processQueuedExports(t.clock.now)).toBe(0);
    const file = await reports.export(principal, '341022', query, t.clock.now);
    expect('bytes' in file).toBe(true);
    if ('bytes' in file) {
      const rows = await readSheet(Buffer.from(file.bytes));
      expect(rows.filter((r) => typeof r[3] === 'string' && /^\d{12}$/.test(r[3]))).toHaveLength(72);
    }
  });

  it('refuses unknown tables and other townships', async () => {
    expect((await get(`/api/v1/stats/${township}/export?table=other`)).status).toBe(400);
    expect((await get(`/api/v1/stats/${township}/export?table=summary`, stranger)).status).toBe(403);
  });
});
