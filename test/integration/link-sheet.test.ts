import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poppler, runPopplerTests, squash } from '../support/poppler';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let admin: string;
let township: string;
let dir = '';
const sheet = (query: string, token = admin) =>
  t.request(`http://survey.example.cn/api/v1/links/sheet?${query}`, { token });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheet-'));
  admin = await t.login('admin', adminPassword);
  await t.addUser('dlx', 'township', '341022104', 'township-pass-1');
  township = await t.login('dlx', 'township-pass-1');
  const res = await t.request('/api/v1/links', {
    method: 'POST',
    token: admin,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ formId: 'self-evaluation', parentCode: '341022104' }),
  });
  expect(res.status).toBe(201);
});
/** The active links of 东临溪镇 as the API lists them, in village-code order (as the sheet prints them). */
async function listedUrls(): Promise<{ orgCode: string; url: string }[]> {
  const res = await t.request('/api/v1/links?parentCode=341022104&formId=self-evaluation', { token: admin });
  const rows = (await res.json()) as { orgCode: string; url: string; status: string }[];
  return rows.filter((r) => r.status === 'active');
}
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('GET /api/v1/links/sheet', () => {
  it.runIf(runPopplerTests)('renders the township PDF with every village and absolute URL', async () => {
    const res = await sheet('parentCode=341022104&formId=self-evaluation', township);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(decodeURIComponent(res.headers.get('content-disposition') ?? '')).toContain('东临溪镇-');
    // A plain ASCII name too, for browsers that do not read filename*.
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="[\x20-\x7e]+\.pdf"; filename\*=UTF-8''/,
    );
    const file = join(dir, 'sheet.pdf');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    const text = squash(poppler('pdftotext', [file, '-']));
    for (const name of ['心安社区', '小阜村', '大阜村']) expect(text).toContain(name);
    expect(text.match(/http:\/\/survey\.example\.cn\/f\//g)).toHaveLength(12);
    // Each village's QR code and printed link are clickable: two URI annotations with its URL.
    const listed = (await listedUrls()).map((l) => `http://survey.example.cn${l.url}`);
    const annotated = poppler('pdfinfo', ['-url', file])
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/)[2]);
    expect(annotated).toEqual(listed.flatMap((url) => [url, url]));
    for (const url of listed) expect(text).toContain(url);
  });

  it('gives the same list as CSV (BOM) and XLSX', async () => {
    const csv = await sheet('parentCode=341022104&formId=self-evaluation&format=csv');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines).toHaveLength(13);
    // Codes as ="341022104204", so Excel and WPS keep all 12 digits as text.
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(
      (await listedUrls()).map((l) => `"=""${l.orgCode}"""`),
    );
    const xlsx = await sheet('parentCode=341022104&formId=self-evaluation&format=xlsx');
    const parts = unzipSync(new Uint8Array(await xlsx.arrayBuffer()));
    expect(new TextDecoder().decode(parts['xl/sharedStrings.xml'])).toContain('小阜村');
  });

  it('refuses a county PDF, an unknown format and an out-of-scope township', async () => {
    const county = await sheet('parentCode=341022&formId=self-evaluation');
    expect(county.status).toBe(400);
    expect((await errorOf(county)).message).toContain('乡镇');
    expect((await sheet('parentCode=341022104&formId=self-evaluation&format=doc')).status).toBe(400);
    const outside = await sheet('parentCode=341022105&formId=self-evaluation', township);
    expect(outside.status).toBe(403);
    expect((await sheet('parentCode=341022104&formId=self-evaluation', '')).status).toBe(401);
  });

  it('the console offers the downloads once there are links, and says how to get some before', async () => {
    const page = async (form: string) => {
      const res = await t.request(`/console/links?parent=341022104&form=${form}`, {
        headers: { cookie: `session=${township}` },
      });
      expect(res.status).toBe(200);
      return res.text();
    };
    const none = await page('baseline');
    expect(none).toContain('data-testid="no-links"');
    expect(none).not.toContain('/api/v1/links/sheet');
    const issued = await page('self-evaluation');
    expect(issued).not.toContain('data-testid="no-links"');
    expect(issued).toContain(
      '/api/v1/links/sheet?parentCode=341022104&amp;formId=self-evaluation&amp;format=pdf',
    );
  });

  it('says no link has been issued instead of printing an empty sheet', async () => {
    // 海阳镇 has villages, but no baseline link was issued there.
    for (const format of ['pdf', 'csv', 'xlsx']) {
      const res = await sheet(`parentCode=341022100&formId=baseline&format=${format}`);
      expect(res.status).toBe(404);
      const error = await errorOf(res);
      expect(error.code).toBe('link.none_active');
      expect(error.message).toContain('还没有可用的填报链接');
    }
  });
});
