import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { surveyAssets } from '../../functions/http/pages/survey-assets';
import { type FillView, issueLink } from '../e2e/survey-server';
import type { TestStack } from '../support/stack';
import { useTestStack } from '../support/stack';

const t = useTestStack();
let app: TestStack['stack']['app'];
const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
  }
  return { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body };
};
/** The submission id of a receipt page (the UUID stays in the data attribute; the page shows its short code). */
const idOf = (html: string) =>
  /<section class="rc" id="receipt" tabindex="-1" data-submission="([^"]+)">/.exec(html)?.[1];

/** A complete baseline answer set without an association, as a no-JS form posts it. */
const baselineWithoutAssociation = {
  unitType: 'village',
  registeredPopulation: '800',
  elderlyPopulation: '150',
  hasAssociation: 'no',
  reporterName: '王会计',
  reporterPhone: '13912345678',
};

beforeAll(async () => {
  app = t.stack.app;
});

describe('GET /f/{token}', () => {
  it('serves the survey page: HTML, strict CSP, no caching, gzip', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104201');
    const res = await app.request(`/f/${token}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const html = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    expect(html).toContain('<p class="org">临溪村</p>');
    expect(html).toContain('<h1>城乡社区老年协会建设情况摸底调查</h1>');
    expect(html).toContain(`action="/f/${token}"`);
    expect(html).not.toContain('已恢复服务器上的草稿（');
  });

  it('shows a clear page for invalid (404), revoked and expired (410) links', async () => {
    const invalid = await app.request('/f/AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA');
    expect(invalid.status).toBe(404);
    expect(invalid.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const invalidHtml = await invalid.text();
    expect(invalidHtml).toContain('data-error-code="link.invalid"');
    expect(invalidHtml).toContain('链接无效');

    const revoked = await issueLink(t, 'baseline', '341022104205');
    const res = await t.request(`/api/v1/links/${revoked.id}/revoke`, {
      method: 'POST',
      token: revoked.admin,
    });
    expect(res.status).toBe(200);
    const page = await app.request(`/f/${revoked.token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('data-error-code="link.revoked"');
    const post = await app.request(`/f/${revoked.token}`, form(baselineWithoutAssociation));
    expect(post.status).toBe(410);

    const expiring = await issueLink(t, 'lookback', '341022104206');
    const saved = t.clock.now;
    t.clock.now = new Date(saved.getTime() + 800 * 24 * 3600 * 1000);
    try {
      const expired = await app.request(`/f/${expiring.token}`);
      expect(expired.status).toBe(410);
      const html = await expired.text();
      expect(html).toContain('data-error-code="link.expired"');
      expect(html).toContain('请联系乡镇（镇卫健办或民政办）索取新的填报链接');
    } finally {
      t.clock.now = saved;
    }
  });
});

describe('POST /f/{token} (the page without JavaScript)', () => {
  it('re-renders with every error inline (422) and keeps what was typed as the draft', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104207');
    const res = await app.request(
      `/f/${token}`,
      form({
        ...baselineWithoutAssociation,
        elderlyPopulation: '900',
        reporterPhone: '12345',
        _action: 'submit',
      }),
    );
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('<h2>有 2 处需要修改</h2>');
    expect(html).toContain('<p class="er" id="e-f-elderlyPopulation">60周岁以上老年人数不能超过户籍人口</p>');
    expect(html).toContain(
      '<p class="er" id="e-f-reporterPhone">手机号码格式不正确（11 位数字，以 1 开头）</p>',
    );
    expect(html).toContain('value="12345"');
    const view = (await (await t.request(`/api/v1/fill/${token}`)).json()) as FillView;
    expect(view.draft?.answers).toMatchObject({ elderlyPopulation: 900, reporterPhone: '12345' });
    expect(view.submissions).toEqual([]);
  });

  it('“保存并刷新” saves the draft and shows the questions the answers open', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104208');
    const res = await app.request(`/f/${token}`, form({ hasAssociation: 'yes', _action: 'save' }));
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('草稿已保存');
    expect(html).toMatch(/<section class="sec" id="s-association">/);
    const again = await (await app.request(`/f/${token}`)).text();
    expect(again).toMatch(/已恢复服务器上的草稿（\d{4}-\d\d-\d\d \d\d:\d\d 保存）/);
    expect(again).toContain(
      '<input type="radio" id="f-hasAssociation" name="hasAssociation" value="yes" checked=""/>',
    );
  });

  it('“下一部分”/“上一部分” posted (the script never ran) save the draft and turn the page on the server', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104210');
    const current = (html: string) => /<section class="sec cur" id="s-([^"]+)">/.exec(html)?.[1];
    const sectionField = (html: string) =>
      /<input type="hidden" name="section" value="(\d+)"\/>/.exec(html)?.[1];
    const village = { unitType: 'village', registeredPopulation: '800', elderlyPopulation: '150' };
    // Items left open: the first “下一部分” stays and points them out, as the script's does.
    const open = await app.request(
      `/f/${token}`,
      form({ unitType: 'village', hasAssociation: 'no', section: '0', _action: 'next' }),
    );
    expect(open.status).toBe(200);
    const warned = await open.text();
    expect(current(warned)).toBe('village');
    expect(warned).toContain(
      '本部分有 2 处未完成：可以先修改，也可以再点“下一部分”（或在输入框里按回车）跳过',
    );
    expect(warned).toContain('<input type="hidden" name="warned" value="village"/>');
    expect(warned).toContain('<p class="er" id="e-f-registeredPopulation">');
    // A second time it moves on. Without an association the three association sections are skipped: 村情 → 其他.
    const next = await app.request(
      `/f/${token}`,
      form({ unitType: 'village', hasAssociation: 'no', section: '0', warned: 'village', _action: 'next' }),
    );
    expect(next.status).toBe(200);
    const second = await next.text();
    expect(current(second)).toBe('other');
    expect(sectionField(second)).toBe('4');
    expect(second).toMatch(/<p class="note ok">已保存（\d{4}-\d\d-\d\d \d\d:\d\d）<\/p>/);
    expect(second).toContain('<input type="radio" name="hasAssociation" value="no" checked=""/>');
    // Nothing is pointed out in a section just reached (no submit was refused yet).
    expect(second).not.toContain('class="sum"');
    // On the last section: submit shown, “下一部分” hidden.
    expect(second).toMatch(/<button type="submit" class="btn pri submit" name="_action" value="submit">/);
    expect(second).toContain('value="next" hidden="">下一部分');
    const view = (await (await t.request(`/api/v1/fill/${token}`)).json()) as FillView;
    expect(view.draft?.answers).toEqual({ unitType: 'village', hasAssociation: false });
    expect(view.submissions).toEqual([]);

    // With an association the next page is 协会: the answers decide, as in the script.
    const opened = await app.request(
      `/f/${token}`,
      form({ ...village, hasAssociation: 'yes', section: '0', _action: 'next' }),
    );
    expect(current(await opened.text())).toBe('association');
    const back = await app.request(
      `/f/${token}`,
      form({ unitType: 'village', hasAssociation: 'yes', section: '1', _action: 'prev' }),
    );
    const first = await back.text();
    expect(current(first)).toBe('village');
    expect(first).toContain('value="prev" hidden="">上一部分');
    // A follow-up question the answers opened in this section (登记证号 after 已登记): said so.
    const followUp = await app.request(
      `/f/${token}`,
      form({
        ...village,
        hasAssociation: 'yes',
        associationName: '临溪村老年协会',
        foundedOn: '2020-05-01',
        registrationStatus: 'registered',
        hasCharter: 'yes',
        members: '80',
        'leaders[0][leaderName]': '张三',
        boardSize: '5',
        section: '1',
        _action: 'next',
      }),
    );
    const opened2 = await followUp.text();
    expect(current(opened2)).toBe('association');
    expect(opened2).toContain('根据您的回答，本部分新出现了问题。本部分有');
    expect(opened2).toContain('<p class="er" id="e-f-registrationNumber">');
    // Past the first section it stays there.
    const stay = await app.request(
      `/f/${token}`,
      form({ hasAssociation: 'yes', section: '0', _action: 'prev' }),
    );
    expect(current(await stay.text())).toBe('village');
  });

  it('without the script: Enter past the last section submits; a refused submit then shows each section’s issues as it is reached', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104211');
    const current = (html: string) => /<section class="sec cur" id="s-([^"]+)">/.exec(html)?.[1];
    // 其他 is the last section (no association): “下一部分” there is the submit, and it is refused.
    const refused = await app.request(
      `/f/${token}`,
      form({
        unitType: 'village',
        hasAssociation: 'no',
        reporterName: '王会计',
        section: '4',
        _action: 'next',
      }),
    );
    expect(refused.status).toBe(422);
    const page = await refused.text();
    // It opens at the first error (村情) with every issue listed, and remembers the refusal.
    expect(current(page)).toBe('village');
    expect(page).toContain('<input type="hidden" name="checked" value="1"/>');
    expect(page).toMatch(/有 [3-9] 处需要修改/);
    // Submit is offered on every page now: what gets fixed here can be sent from here.
    expect(page).toMatch(/<button type="submit" class="btn pri submit" name="_action" value="submit">/);
    // Fixed and moved on: the last section shows its own open item on arrival.
    const on = await app.request(
      `/f/${token}`,
      form({
        ...baselineWithoutAssociation,
        reporterPhone: '',
        checked: '1',
        section: '0',
        _action: 'next',
      }),
    );
    const last = await on.text();
    expect(current(last)).toBe('other');
    expect(last).toContain('<p class="er" id="e-f-reporterPhone">');
    expect(last).toContain('<input type="hidden" name="checked" value="1"/>');
    const view = (await (await t.request(`/api/v1/fill/${token}`)).json()) as FillView;
    expect(view.submissions).toEqual([]);
    // Completed, Enter on the last section submits: the receipt.
    const done = await app.request(
      `/f/${token}`,
      form({ ...baselineWithoutAssociation, checked: '1', section: '4', _action: 'next' }),
    );
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('✓ 提交成功');
  });

  it('submits, shows the receipt, and a re-post with the same idempotency key shows the same receipt', async () => {
    const { token } = await issueLink(t, 'baseline', '341022104209');
    const post = form({
      ...baselineWithoutAssociation,
      idempotencyKey: 'nojs-attempt-0001',
      _action: 'submit',
    });
    const first = await app.request(`/f/${token}`, post);
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain('✓ 提交成功');
    const id = idOf(html);
    expect(id).toBeTruthy();
    const again = await app.request(
      `/f/${token}`,
      form({ ...baselineWithoutAssociation, idempotencyKey: 'nojs-attempt-0001', _action: 'submit' }),
    );
    expect(idOf(await again.text())).toBe(id);
    const view = (await (await t.request(`/api/v1/fill/${token}`)).json()) as FillView;
    expect(view.submissions).toHaveLength(1);
    // Changed answers posted from the same page are a correction: a new submission.
    const changed = await app.request(
      `/f/${token}`,
      form({ ...baselineWithoutAssociation, elderlyPopulation: '160', idempotencyKey: 'nojs-attempt-0001' }),
    );
    expect(changed.status).toBe(200);
    expect(idOf(await changed.text())).not.toBe(id);
    const page = await (await app.request(`/f/${token}`)).text();
    expect(page).toContain('本链接已于');
  });
});

describe('GET /assets/…', () => {
  it('serves the hashed script and stylesheet, cached for a year, gzipped on request', async () => {
    const js = await app.request(surveyAssets.scriptUrl, { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-encoding')).toBe('gzip');
    const css = await app.request(surveyAssets.styleUrl);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('content-encoding')).toBeNull();
    expect(await css.text()).toContain('.sec');
    expect((await app.request('/assets/survey-0000000000000000.js')).status).toBe(404);
  });
});
