import { beforeAll, describe, expect, it } from 'vitest';
import { certifyTwoRevokeOne } from '../support/certified';
import { issue, tokenOf } from '../support/fill';
import { baselineAnswers, submitThrough } from '../support/rubric';
import { useTestStack } from '../support/stack';
import { countCommands } from '../support/store-calls';

/**
 * The public verify page `GET /v/{number}` (HTML: live status, no personal data, never
 * cached or indexed, its 404 and 429 as pages) and the certificate button of a village's
 * survey page and receipt.
 */
const t = useTestStack();
const township = '341022104';
/** valid: keeps its certificate; revoked: loses it to a look-back; none: never accepted. */
const village = { valid: '', revoked: '', none: '' };
const number = { valid: '', revoked: '' };
const sha256 = { valid: '' };
/** Names and phone numbers the villages gave (surveys, evaluations): never on the verify page. */
const personal: string[] = ['王明', '李华'];
const token = { valid: '', revoked: '', none: '' };
/** A complete baseline answer set without an association, as a no-JS form posts it. */
const withoutAssociation = {
  unitType: 'village',
  registeredPopulation: '800',
  elderlyPopulation: '150',
  hasAssociation: 'no',
  reporterName: '钱会计',
  reporterPhone: '13912345670',
};

/** The strings under keys like `leaderName` / `reporterPhone`, anywhere in the answers. */
function namesAndPhones(value: unknown, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => namesAndPhones(v));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => namesAndPhones(v, k));
  return typeof value === 'string' && /^(leader|reporter)(Name|Phone)$/.test(key) ? [value] : [];
}

/** A page's text without tags (and without the whitespace JSX leaves between them). */
const textOf = (html: string) => html.replace(/<[^>]*>/g, '').replace(/\s+/g, '');

/** Checks what every verify answer has: an HTML page, live (no-store), unindexed, strict CSP, no script. */
function expectVerifyPage(res: Response, html: string, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.headers.get('x-robots-tag')).toBe('noindex');
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toMatch(/script-src|unsafe-inline/);
  expect(html).toContain('<html lang="zh-CN">');
  expect(html).toContain('<meta name="robots" content="noindex"/>');
  expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/verify-[\w-]+\.css" integrity="sha256-/);
  expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
}

const verifyPage = async (n: string) => {
  const res = await t.request(`/v/${n}`);
  return { res, html: await res.text() };
};

beforeAll(async () => {
  const children = (await t.stack.repos.orgs.children(township)).filter((c) => c.level === 'village');
  const [valid, revoked, none] = children.map((c) => c.code);
  if (!valid || !revoked || !none) throw new Error('the demo township needs three villages');
  Object.assign(village, { valid, revoked, none });
  const certified = await certifyTwoRevokeOne(t, village);
  number.valid = certified.valid.number;
  number.revoked = certified.revoked.number;
  sha256.valid = certified.valid.sha256;
  const links = await issue(t, certified.admin, { formId: 'baseline', orgCodes: [valid, revoked, none] });
  const tokenFor = (code: string) => tokenOf(links.find((l) => l.orgCode === code)?.url ?? '');
  Object.assign(token, { valid: tokenFor(valid), revoked: tokenFor(revoked), none: tokenFor(none) });
  for (const [i, k] of (['valid', 'revoked'] as const).entries()) {
    const answers = {
      ...(await baselineAnswers(t, { elderlyPopulation: 300, members: 200 })),
      reporterName: `赵${'一二'[i]}娟`,
      reporterPhone: `1390000123${i}`,
    };
    personal.push(...namesAndPhones(answers));
    await submitThrough(t, token[k], answers);
  }
  expect(personal.length).toBeGreaterThan(4);
});

describe('GET /v/{number}', () => {
  it('a valid certificate: 有效 in large type, what the certificate says, its SHA-256, nothing personal', async () => {
    const { res, html } = await verifyPage(number.valid);
    expectVerifyPage(res, html, 200);
    expect(html).toMatch(/<p class="status valid">有效<\/p>/);
    expect(html).not.toContain('已撤销');
    const unit = await t.stack.repos.orgs.get(village.valid);
    const name = unit?.name.replace(/（示例）$/, '') ?? '?';
    const text = textOf(html);
    for (const shown of [
      `休宁县东临溪镇${name}老年协会`,
      `村（居）${unit?.name}`,
      '乡镇（街道）东临溪镇',
      '县（市、区）休宁县',
      '评定等级优秀',
      '验收日期2025年11月1日',
      '发证日期2025年11月3日',
      `证书编号${number.valid}`,
      '查询时间：2026-02-0110:00（北京时间）',
    ])
      expect(text).toContain(shown);
    // The digest in groups of four, and as one string once the markup is gone.
    expect(sha256.valid).toMatch(/^[0-9a-f]{64}$/);
    expect(html).toContain(
      `<span>${sha256.valid.slice(0, 4)}</span><span>${sha256.valid.slice(4, 8)}</span>`,
    );
    expect(text).toContain(sha256.valid);
    expect(text).toContain(`sha256sum达标证书-${number.valid}.pdf`);
    for (const secret of personal) expect(html).not.toContain(secret);
    expect(html).not.toMatch(/1[3-9]\d{9}|会长|负责人|联系电话/);
  });

  it('a revoked certificate: 已撤销 with the date and the look-back that withdrew it, at once', async () => {
    const { res, html } = await verifyPage(number.revoked);
    expectVerifyPage(res, html, 200);
    expect(html).toMatch(/<p class="status revoked">已撤销<\/p>/);
    expect(textOf(html)).toContain('2026年1月30日经回头看撤销达标');
    expect(html).not.toContain('class="status valid"');
    expect(textOf(html)).toContain(`证书编号${number.revoked}`);
    for (const secret of personal) expect(html).not.toContain(secret);
  });

  it('an unknown or malformed number is a 404 page that says what to do', async () => {
    for (const path of ['/v/341022-2025-9999', '/v/not-a-number', '/v/341022-2025-0001/extra']) {
      const res = await t.request(path);
      const html = await res.text();
      expectVerifyPage(res, html, 404);
      expect(html).toContain('data-error-code="certificate.not_found"');
      expect(html).toContain('<h2>未找到该证书</h2>');
      expect(textOf(html)).toMatch(/请核对证书编号.*扫描证书上的二维码.*乡镇人民政府/);
    }
  });

  it('a number typed from the paper (a worn QR code): a lookup form at /v, also on the not-found page', async () => {
    const lookup = await t.request('/v');
    const page = await lookup.text();
    expectVerifyPage(lookup, page, 200);
    expect(page).toContain('<form method="get" action="/v" class="lookup">');
    expect(page).toContain('name="number"');
    expect(lookup.headers.get('content-security-policy')).toContain("form-action 'self'");
    const notFound = await (await t.request('/v/341022-2025-9999')).text();
    expect(notFound).toContain('<form method="get" action="/v" class="lookup">');
    // As typed on a Chinese keyboard: full-width digits and dashes, spaces.
    const typed = await t.request(
      `/v?number=${encodeURIComponent(` ３４１０２２－${number.valid.slice(7, 11)}—${number.valid.slice(12)} `)}`,
    );
    expect(typed.status).toBe(303);
    expect(typed.headers.get('location')).toBe(`/v/${number.valid}`);
    // The bare 14 digits, from a number pad without a dash key.
    const bare = await t.request(`/v?number=${number.valid.replace(/-/g, '')}`);
    expect(bare.headers.get('location')).toBe(`/v/${number.valid}`);
    // Not a number at all: the form again, with what is wrong and what was typed.
    const wrong = await t.request(`/v?number=${encodeURIComponent('341022-25-7<b>')}`);
    const again = await wrong.text();
    expectVerifyPage(wrong, again, 400);
    expect(again).toContain('证书编号格式应为 县代码-年份-序号');
    expect(again).toContain('value="341022-25-7&lt;b&gt;"');
    expect(again).toContain('aria-invalid="true"');
    // Invisible characters (a right-to-left override) are not shown back.
    const bidi = await (await t.request(`/v?number=${encodeURIComponent('\u202e假证书')}`)).text();
    expect(bidi).toContain('value="假证书"');
    expect(bidi).not.toContain('\u202e');
  });

  it('too many lookups from one client: a 429 page with Retry-After, until the lock ends', async () => {
    let last: Awaited<ReturnType<typeof verifyPage>> | undefined;
    for (let i = 0; i < 70 && last?.res.status !== 429; i++) last = await verifyPage(number.valid);
    if (!last) throw new Error('no lookup made');
    expectVerifyPage(last.res, last.html, 429);
    expect(last.html).toContain('data-error-code="certificate.throttled"');
    expect(last.html).toContain('查询过于频繁');
    expect(Number(last.res.headers.get('retry-after'))).toBe(600);
    expect(textOf(last.html)).toContain('请约10分钟后再打开本页');
    // The JSON twin shares the limit.
    expect((await t.request(`/api/v1/verify/${number.valid}`)).status).toBe(429);
    t.clock.now = new Date('2026-02-01T02:11:00Z');
    expect((await verifyPage(number.valid)).res.status).toBe(200);
  });
});

describe('the certificate button on the survey page and the receipt', () => {
  const button = (t: string) =>
    `<a class="btn pri" href="/api/v1/fill/${t}/certificate">下载本村达标证书（PDF）</a>`;

  it('shows only while the village has a valid certificate, and downloads that PDF', async () => {
    const page = async (k: keyof typeof token) => (await t.request(`/f/${token[k]}`)).text();
    expect(await page('valid')).toContain(button(token.valid));
    // Revoked: no download, but the village is told when and why (the look-back's own words), with the number.
    const revoked = await page('revoked');
    expect(revoked).not.toContain('/certificate"');
    expect(revoked).toMatch(
      new RegExp(
        `<p class="note warn" id="certificate-revoked">本村达标证书（编号 ${number.revoked}）已于 \\d{4}年\\d{1,2}月\\d{1,2}日 失效：经回头看撤销达标（乡镇说明：活动场所被挪作他用）。如有疑问，请联系乡镇。</p>`,
      ),
    );
    expect(await page('none')).not.toContain('达标证书');
    const pdf = await t.request(`/api/v1/fill/${token.valid}/certificate`);
    expect(pdf.status).toBe(200);
    const { createHash } = await import('node:crypto');
    expect(
      createHash('sha256')
        .update(Buffer.from(await pdf.arrayBuffer()))
        .digest('hex'),
    ).toBe(sha256.valid);
  });

  it('the receipt of a plain (no-JavaScript) submission and a refused post show it too', async () => {
    const post = (k: keyof typeof token, fields: Record<string, string>) => {
      const body = new URLSearchParams({ ...withoutAssociation, ...fields });
      return t.request(`/f/${token[k]}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
    };
    const receipt = await (
      await post('valid', { idempotencyKey: 'verify-page-0001', _action: 'submit' })
    ).text();
    expect(receipt).toContain('✓ 提交成功');
    expect(receipt).toContain(button(token.valid));
    const refused = await post('valid', { reporterPhone: '12345', _action: 'submit' });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(button(token.valid));
    const other = await (
      await post('none', { idempotencyKey: 'verify-page-0002', _action: 'submit' })
    ).text();
    expect(other).toContain('✓ 提交成功');
    expect(other).not.toContain('达标证书');
  });

  it('store calls per survey page view (warm): the certificate check is cached, so a view stays at 3 calls', async () => {
    const counter = countCommands(t.stack.table.client);
    const blobs = t.stack.blobs as { get: (key: string) => Promise<unknown> };
    const get = blobs.get.bind(blobs);
    let blobReads = 0;
    blobs.get = (key) => {
      blobReads++;
      return get(key);
    };
    try {
      const calls: Record<string, unknown> = {};
      for (const k of ['valid', 'revoked', 'none'] as const) {
        expect((await t.request(`/f/${token[k]}`)).status).toBe(200); // warm
        counter.reset();
        blobReads = 0;
        expect((await t.request(`/f/${token[k]}`)).status).toBe(200);
        calls[k] = { ...counter.reset(), blobGets: blobReads };
      }
      // 2 GetItems (link, draft) + 1 Query (the newest submission); the certificate answer
      // comes from the instance's one-minute cache and never reads the PDF.
      const view = { GetItemCommand: 2, QueryCommand: 1, blobGets: 0 };
      expect(calls).toEqual({ valid: view, revoked: view, none: view });
    } finally {
      blobs.get = get;
    }
  });
});
