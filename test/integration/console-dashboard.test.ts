import { readSheet } from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import { createReports } from '../../shared/app/stats/reports';
import { createStatsService } from '../../shared/app/stats/stats-service';
import { parseCsv } from '../../shared/lib/csv-read';
import { formatRate } from '../../shared/printables/rate-charts';
import { issue, json, tokenOf } from '../support/fill';
import { acceptanceAnswers, baselineAnswers, submitThrough } from '../support/rubric';
import { adminPassword, useTestStack } from '../support/stack';

/**
 * The console's 统计 pages through the real app with session cookies: a county's
 * dashboard from the stored aggregates (headline, bar chart, trend, the townships' table
 * sorted by server-side links), the year selector, a township's villages and chase lists
 * (催报) with the WeChat text, the downloads (and the page a queued 统计表 shows), and
 * refusals outside the viewer's scope.
 */
const t = useTestStack();
const password = 'Officer-pass-2025';
const dongLinxi = '341022104';
const wucheng = '341022103';
const wanan = '341022102';
let admin = '';
let officer = '';
let clerk = '';
let stranger = '';

const get = (path: string, session = officer, app = t.stack.app) =>
  Promise.resolve(app.request(path, { headers: { cookie: `session=${session}` } }));
const html = async (path: string, session = officer) => {
  const res = await get(path, session);
  expect(res.status, path).toBe(200);
  return res.text();
};
/** The `data-row` keys of the first table after `marker`, in page order. */
const rowsAfter = (page: string, marker: string) =>
  [...page.slice(page.indexOf(marker)).matchAll(/<tr data-row="(\d+)"/g)].map((m) => m[1]);
const rowOf = (page: string, code: string) =>
  /<tr data-row="\d+">.*?<\/tr>/s.exec(page.slice(page.indexOf(`<tr data-row="${code}">`)))?.[0] ?? '';
const villagesOf = async (township: string) =>
  (await t.stack.repos.orgs.children(township)).filter((u) => u.level === 'village').map((u) => u.code);

async function accept(orgCode: string) {
  const res = await t.request(
    `/api/v1/orgs/${orgCode}/evaluations`,
    json(
      { formId: 'acceptance', answers: acceptanceAnswers('2025-11-02') },
      { method: 'POST', token: admin },
    ),
  );
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  t.clock.now = new Date('2025-11-03T02:00:00Z');
  admin = await t.login('admin', adminPassword);
  await t.addUser('officer', 'county', '341022', password);
  await t.addUser('clerk', 'township', dongLinxi, password);
  await t.addUser('stranger', 'township', wucheng, password);
  officer = await t.login('officer', password);
  clerk = await t.login('clerk', password);
  stranger = await t.login('stranger', password);
  // 东临溪镇: three baselines (the third returned), two accepted: 2/12. 五城镇 3/3, 万安镇 1/3.
  const links = await issue(t, admin, { formId: 'baseline', parentCode: dongLinxi });
  const ids: string[] = [];
  for (const link of links.slice(0, 3)) {
    const answers = await baselineAnswers(t, { elderlyPopulation: 200, members: 120 });
    ids.push((await submitThrough(t, tokenOf(link.url), answers)).id);
  }
  const returned = await t.request(
    `/api/v1/orgs/${links[2]?.orgCode}/submissions/${ids[2]}/review`,
    json({ decision: 'return', comment: '人口数请核实' }, { method: 'POST', token: admin }),
  );
  expect(returned.status).toBe(200);
  for (const link of links.slice(0, 2)) await accept(link.orgCode);
  for (const code of await villagesOf(wucheng)) await accept(code);
  await accept((await villagesOf(wanan))[0] ?? '');
  await t.stack.services.jobs.aggregate({ source: 'test' }, t.clock.now);
});

describe('a county officer’s dashboard', () => {
  it('shows the stored numbers: when computed, the headline against the target, the chart and each township', async () => {
    const api = (await (await t.request('/api/v1/stats/341022', { token: officer })).json()) as {
      rate: number;
      needed: number;
      children: {
        unit: { code: string };
        rate: number;
        needed: number;
        standardized: number;
        villages: number;
      }[];
    };
    expect(await html('/console/area/341022')).toContain('href="/console/stats/341022"');
    const page = await html('/console/stats');
    expect(page).toContain('aria-current="page">统计</a>');
    expect(page).toContain('休宁县 规范化建设统计');
    expect(page).toMatch(/截至 2025-11-03 · 统计时间 2025-11-03 10:00(?!（按需重新计算）)/);
    // 6 of 72: 8.3%, 超过 70% needs 51, so 45 more.
    expect(page).toContain(`<span class="big" data-testid="rate">${formatRate(api.rate)}</span>`);
    expect(formatRate(api.rate)).toBe('8.3%');
    expect(page).toContain('2025 年目标：超过 70%');
    expect(page).toContain('未达标');
    expect(page).toContain(`还需 ${api.needed} 个村（居）规范化才能达标`);
    expect(api.needed).toBe(45);
    // The bar chart: an accessible SVG naming each township with its rate.
    const bar = /<div class="chart" data-testid="bar-chart"><svg [^>]*>/.exec(page)?.[0] ?? '';
    expect(bar).toContain('role="img"');
    const label = /aria-label="([^"]*)"/.exec(bar)?.[1] ?? '';
    expect(label).toContain('东临溪镇 16.7%（未达标）');
    expect(label).toContain('五城镇 100%（达标）');
    expect(label).toContain('目标 &gt;70%');
    expect(page).toContain('data-testid="trend-chart"');
    // A row per township, with the stored numbers, linking to its dashboard.
    expect(rowsAfter(page, 'data-testid="children"')).toHaveLength(api.children.length);
    for (const child of api.children) {
      const row = rowOf(page, child.unit.code);
      expect(row).toContain(`<td data-label="建设率">${formatRate(child.rate)}</td>`);
      expect(row).toContain(`<td data-label="还需（个）">${child.needed}</td>`);
      expect(row).toContain(`<td data-label="村（居）数">${child.villages}</td>`);
    }
    const dong = rowOf(page, dongLinxi);
    expect(dong).toContain(`<a href="/console/stats/${dongLinxi}">东临溪镇</a>`);
    expect(dong).toContain('<td data-label="已规范化">2</td>');
    expect(dong).toContain('2/12（16.7%）'); // baselines that count: the returned one does not
    expect(dong).toContain('超过 70%');
    expect(rowOf(page, wucheng)).toContain('<span class="tag ok">达标</span>');
  });

  it('sorts the townships by server-side links, with aria-sort on the sorted column', async () => {
    const unsorted = await html('/console/stats/341022');
    expect(unsorted).toContain('href="/console/stats/341022?sort=rate&amp;dir=desc"');
    expect(unsorted).not.toContain('aria-sort=');
    const desc = await html('/console/stats/341022?sort=rate&dir=desc');
    expect(rowsAfter(desc, 'data-testid="children"').slice(0, 3)).toEqual([wucheng, wanan, dongLinxi]);
    expect(desc).toMatch(/<th scope="col" aria-sort="descending" data-sort-key="rate">/);
    // Clicking the sorted column again reverses it.
    expect(desc).toContain('href="/console/stats/341022?sort=rate&amp;dir=asc"');
    const asc = await html('/console/stats/341022?sort=rate&dir=asc');
    expect(rowsAfter(asc, 'data-testid="children"').slice(-3)).toEqual([dongLinxi, wanan, wucheng]);
    const byNeeded = rowsAfter(
      await html('/console/stats/341022?sort=needed&dir=asc'),
      'data-testid="children"',
    );
    expect(byNeeded[0]).toBe(wucheng);
    // An unknown column is the default order (by code), not an error.
    expect(rowsAfter(await html('/console/stats/341022?sort=nope'), 'data-testid="children"')).toEqual(
      rowsAfter(unsorted, 'data-testid="children"'),
    );
  });

  it('the year selector shows a target year’s year-end snapshot against that year’s target', async () => {
    const today = await html('/console/stats/341022');
    expect(today).toContain('<option value="" selected="">今天（2025-11-03）</option>');
    for (const y of [2023, 2024, 2025]) expect(today).toContain(`<option value="${y}">${y} 年底</option>`);
    // The trend: 2023 and 2024 at their year-end, 2025 today.
    expect(today).toContain(
      'aria-label="规范化建设率逐年变化：2023年 0%（目标 &gt;65%）；2024年 0%（目标 &gt;68%）；2025年 8.3%（目标 &gt;70%）"',
    );
    const y2024 = await html('/console/stats/341022?year=2024&sort=rate&dir=desc');
    expect(y2024).toContain('<option value="2024" selected="">2024 年底</option>');
    // “Today” stays today's date whatever year is shown.
    expect(y2024).toContain('<option value="">今天（2025-11-03）</option>');
    expect(y2024).toContain('截至 2024-12-31');
    expect(y2024).toContain('2024 年目标：超过 68%');
    expect(y2024).toContain('<span class="big" data-testid="rate">0%</span>');
    // The form keeps the sort; the links keep the year.
    expect(y2024).toContain('<input type="hidden" name="sort" value="rate"/>');
    expect(y2024).toContain(`href="/console/stats/${dongLinxi}?year=2024"`);
    expect(y2024).toContain('/api/v1/stats/341022/export?table=summary&amp;format=xlsx&amp;year=2024');
    expect((await get('/console/stats/341022?year=24')).status).toBe(400);
  });

  it('counts who has not reported (催报) per township, each linking to its dashboard, with the whole list as CSV', async () => {
    const page = await html('/console/stats/341022');
    const baseline = page.slice(
      page.indexOf('data-chase="baseline"'),
      page.indexOf('data-chase="self-evaluation"'),
    );
    const api = (await (
      await t.request('/api/v1/stats/341022/chase?formId=baseline', { token: officer })
    ).json()) as {
      orgCode: string;
    }[];
    expect(baseline).toContain(`催报 · 摸底（${api.length} 个村（居）未完成）`);
    const chaseRow = (code: string) =>
      /<tr data-chase-row="\d+">.*?<\/tr>/s.exec(
        baseline.slice(baseline.indexOf(`<tr data-chase-row="${code}">`)),
      )?.[0] ?? '';
    // 东临溪镇: 12 villages, two baselines in (the third was returned).
    expect(chaseRow(dongLinxi)).toContain(
      `<a href="/console/stats/${dongLinxi}#chase-baseline">东临溪镇</a>`,
    );
    expect(chaseRow(dongLinxi)).toContain('<td data-label="未完成的村（居）">10</td>');
    expect(chaseRow(wucheng)).toContain('<td data-label="未完成的村（居）">3</td>');
    const counted = [...baseline.matchAll(/<td data-label="未完成的村（居）">(\d+)<\/td>/g)].map((m) =>
      Number(m[1]),
    );
    expect(counted.reduce((a, b) => a + b, 0)).toBe(api.length);
    expect(baseline).toContain('href="/api/v1/stats/341022/chase?formId=baseline&amp;format=csv"');
    // The county gets counts, not the villages' links (those are the township's to post).
    expect(baseline).not.toContain('/f/');
  });

  it('links both tables as XLSX and CSV; the downloads work with the console’s cookie', async () => {
    const page = await html('/console/stats/341022');
    for (const href of [
      '/api/v1/stats/341022/export?table=summary&amp;format=xlsx',
      '/api/v1/stats/341022/export?table=summary&amp;format=csv',
      '/console/stats/341022/export?table=statistics&amp;format=xlsx',
      '/console/stats/341022/export?table=statistics&amp;format=csv',
    ])
      expect(page).toContain(`href="${href}"`);
    const summary = await get('/api/v1/stats/341022/export?table=summary&format=xlsx');
    expect(summary.status).toBe(200);
    const rows = await readSheet(Buffer.from(await summary.arrayBuffer()));
    expect(rows.find((r) => r[0] === '东临溪镇')?.[1]).toBe(11);
    const statistics = await get('/console/stats/341022/export?table=statistics&format=csv');
    expect(statistics.status).toBe(200);
    expect(statistics.headers.get('content-disposition')).toContain('attachment');
    const csv = parseCsv((await statistics.text()).replace(/^\ufeff/, ''));
    expect(csv.filter((r) => /^="\d{12}"$/.test(r[3] ?? ''))).toHaveLength(72);
  });

  it('a 统计表 left to the job says so on a page, then downloads once the job has written it', async () => {
    const reports = createReports({
      orgLookup: { get: (c: string) => t.stack.repos.orgs.get(c) } as never,
      aggregates: t.stack.repos.aggregates,
      aggregation: t.stack.services.aggregation,
      links: t.stack.services.links,
      forms: t.stack.services.forms,
      blobs: t.stack.blobs,
      inlineMaxVillages: 10,
    });
    const app = createApp({ ...t.stack.deps, reports });
    const path = '/console/stats/341022/export?table=statistics&format=xlsx';
    const queued = await get(path, officer, app);
    expect(queued.status).toBe(202);
    expect(queued.headers.get('content-type')).toContain('text/html');
    const page = await queued.text();
    expect(page).toContain('正在生成，请稍后刷新');
    expect(page).toContain(`<a class="button" href="${path.replace(/&/g, '&amp;')}">刷新</a>`);
    await reports.processQueuedExports(t.clock.now);
    const ready = await get(path, officer, app);
    expect(ready.status).toBe(200);
    expect(
      Buffer.from(await ready.arrayBuffer())
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('without a stored aggregate the numbers are recounted for the request, and it says so', async () => {
    const stats = createStatsService({
      orgLookup: { get: (c: string) => t.stack.repos.orgs.get(c) } as never,
      aggregates: { ...t.stack.repos.aggregates, listUnder: async () => [] },
      aggregation: t.stack.services.aggregation,
    });
    const res = await get('/console/stats/341022', officer, createApp({ ...t.stack.deps, stats }));
    const page = await res.text();
    expect(page).toContain('统计时间 2025-11-03 10:00（按需重新计算）');
    // The same numbers as the stored ones.
    expect(page).toContain('<span class="big" data-testid="rate">8.3%</span>');
  });
});

describe('a township clerk’s dashboard', () => {
  it('shows its villages with their stage and forms, sortable, each linking to its page', async () => {
    const page = await html('/console/stats', clerk);
    expect(page).toContain('东临溪镇 规范化建设统计');
    expect(page).toContain('2/12 个村（居）已规范化');
    expect(page).toContain('还需 7 个村（居）规范化才能达标');
    const codes = await villagesOf(dongLinxi);
    expect(rowsAfter(page, 'data-testid="children"').slice(0, 12).sort()).toEqual([...codes].sort());
    expect(page).toContain('href="/console/villages/341022104204">小阜村</a>');
    const sorted = await html('/console/stats?sort=standardized&dir=desc', clerk);
    const accepted = rowsAfter(sorted, 'data-testid="children"').slice(0, 2);
    for (const code of accepted) expect(rowOf(sorted, code ?? '')).toContain('data-stage="accepted"');
  });

  it('lists who has not reported (催报) per form, with the WeChat text, a copy button and the CSV', async () => {
    const page = await html(`/console/stats/${dongLinxi}`, clerk);
    const baseline = page.slice(
      page.indexOf('data-chase="baseline"'),
      page.indexOf('data-chase="self-evaluation"'),
    );
    expect(baseline).toContain('催报 · 摸底（10 个村（居）未完成）');
    // Where the county's counts link to.
    expect(baseline).toContain('id="chase-baseline"');
    expect(rowsAfter(baseline, '<tbody>')).toHaveLength(10);
    expect(baseline).toContain('已退回，待重新提交');
    const text =
      /<textarea id="chase-text-baseline"[^>]*readonly="">([^<]*)<\/textarea>/.exec(baseline)?.[1] ?? '';
    expect(text).toContain('【东临溪镇】摸底还有 10 个村（居）未完成');
    expect(text).toMatch(/http:\/\/localhost\/f\//);
    expect(baseline).toContain('data-copy="chase-text-baseline" hidden');
    expect(baseline).toContain(`href="/api/v1/stats/${dongLinxi}/chase?formId=baseline&amp;format=csv"`);
    // No self-evaluation link was issued: the list says where to issue one.
    const self = page.slice(page.indexOf('data-chase="self-evaluation"'));
    expect(self).toContain('催报 · 自评（12 个村（居）未完成）');
    expect(self).toContain('未下发，去下发');
    // No inline script or style on the page (the chart SVGs included).
    expect(page).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=/);
  });

  it('a village code goes to the village’s page', async () => {
    const res = await get('/console/stats/341022104204', clerk);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/console/villages/341022104204');
  });

  it('refuses another township with a page, and the county above', async () => {
    for (const path of [`/console/stats/${dongLinxi}`, '/console/stats/341022']) {
      const res = await get(path, stranger);
      expect(res.status, path).toBe(403);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(await res.text()).toContain('data-error-code="auth.out_of_scope"');
    }
    const res = await get('/console/stats/341022/export?table=statistics&format=csv', stranger);
    expect(res.status).toBe(403);
  });
});
