import { createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { base32, linkToken } from '../../shared/links/link-token';
import { issue, json, tokenOf } from '../support/fill';
import { adminPassword, errorOf, useTestStack } from '../support/stack';

const t = useTestStack();
let admin: string;
let township: string;
const dongLinXi = '341022104';
const xiaoFu = '341022104204';
const post = (body: unknown, token = admin) =>
  t.request('/api/v1/links', json(body, { method: 'POST', token }));
/** A link URL as issued now: `/f/` + a 20-character base32 id, '.', a 26-character base32 mac. */
const base32Url = /^\/f\/[0-9a-hjkmnp-tv-z]{20}\.[0-9a-hjkmnp-tv-z]{26}$/;
const linkItems = async () => (await t.scanAll()).filter((i) => String(i.pk).startsWith('LINK#'));
// The clock is 2026-11-28 16:00 China time: a link is valid to the end of its last China day.
const days = (n: number) => new Date(Date.UTC(2026, 10, 28 + n, 15, 59, 59, 999)).toISOString();

beforeAll(async () => {
  admin = await t.login('admin', adminPassword);
  await t.addUser('dlx', 'township', dongLinXi, 'township-pass-1');
  township = await t.login('dlx', 'township-pass-1');
});

describe('POST /api/v1/links', () => {
  let first: Awaited<ReturnType<typeof issue>>;

  it('issues one short link per village of 东临溪镇, in code order, valid 180 days', async () => {
    first = await issue(t, admin, { formId: 'self-evaluation', parentCode: dongLinXi });
    expect(first).toHaveLength(12);
    const codes = first.map((l) => l.orgCode);
    expect(codes).toEqual([...codes].sort());
    expect(codes.every((c) => c.length === 12 && c.startsWith(dongLinXi))).toBe(true);
    expect(first.find((l) => l.orgCode === xiaoFu)?.orgName).toBe('小阜村');
    for (const link of first) {
      expect(link.url).toMatch(base32Url);
      expect(link.id).toMatch(/^[0-9a-hjkmnp-tv-z]{20}$/);
      expect(link.expiresAt).toBe(days(180));
    }
    expect(new Set(first.map((l) => l.url)).size).toBe(12);
    // 12 link records (plus 12 "current link" slots in the village partitions).
    expect(await linkItems()).toHaveLength(12);
    const opened = await t.request(`/api/v1/fill/${tokenOf(first[0]?.url ?? '')}`);
    expect(opened.status).toBe(200);
  });

  it('is idempotent: a retry returns the same 12 URLs and writes nothing', async () => {
    const before = await t.scanAll();
    const again = await issue(t, admin, {
      formId: 'self-evaluation',
      parentCode: dongLinXi,
      expiresInDays: 3,
    });
    expect(again).toEqual(first);
    expect(await t.scanAll()).toEqual(before);
    // Concurrent retries agree too.
    const concurrent = await Promise.all(
      [1, 2, 3].map(() => issue(t, admin, { formId: 'self-evaluation', parentCode: dongLinXi })),
    );
    for (const rows of concurrent) expect(rows).toEqual(first);
    expect(await t.scanAll()).toHaveLength(before.length);
  });

  it('issues concurrently for the same villages without duplicating a link', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map(() => issue(t, admin, { formId: 'baseline', parentCode: dongLinXi })),
    );
    for (const rows of results) expect(rows).toEqual(results[0]);
    const baselineLinks = (await linkItems()).filter((i) => i.formId === 'baseline');
    expect(baselineLinks).toHaveLength(12);
  });

  it('rotates: the old link is revoked and a new one issued, which a retry then returns', async () => {
    const old = first.find((l) => l.orgCode === xiaoFu);
    if (!old) throw new Error('fixture');
    const [rotated] = await issue(t, admin, { formId: 'self-evaluation', orgCodes: [xiaoFu], rotate: true });
    expect(rotated?.orgCode).toBe(xiaoFu);
    expect(rotated?.url).not.toBe(old.url);
    const gone = await t.request(`/api/v1/fill/${tokenOf(old.url)}`);
    expect(gone.status).toBe(410);
    expect((await errorOf(gone)).code).toBe('link.revoked');
    expect((await t.request(`/api/v1/fill/${tokenOf(rotated?.url ?? '')}`)).status).toBe(200);
    const [retry] = await issue(t, admin, { formId: 'self-evaluation', orgCodes: [xiaoFu] });
    expect(retry?.url).toBe(rotated?.url);
    first = first.map((l) => (l.orgCode === xiaoFu && rotated ? rotated : l));
  });

  it('replaces an expired link with a new one', async () => {
    const [a] = await issue(t, admin, { formId: 'lookback', orgCodes: [xiaoFu], expiresInDays: 1 });
    const saved = t.clock.now;
    t.clock.now = new Date(saved.getTime() + 2 * 86_400_000);
    try {
      const later = await t.login('admin', adminPassword);
      const [b] = await issue(t, later, { formId: 'lookback', orgCodes: [xiaoFu] });
      expect(b?.url).not.toBe(a?.url);
      expect((await errorOf(await t.request(`/api/v1/fill/${tokenOf(a?.url ?? '')}`))).code).toBe(
        'link.expired',
      );
    } finally {
      t.clock.now = saved;
    }
  });

  it('finishes an issue that stopped between the current-link slot and the link record', async () => {
    const village = '341022104201';
    const stranded = {
      id: 'StrandedLink0001',
      orgCode: village,
      formId: 'acceptance',
      issuedAt: t.clock.now.toISOString(),
      expiresAt: days(30),
      issuedBy: 'admin',
    };
    expect(await t.stack.repos.links.replaceCurrent(stranded, undefined)).toBe(true);
    const unopened = await t.request(`/api/v1/fill/${linkToken(t.stack.secret, stranded.id)}`);
    expect((await errorOf(unopened)).code).toBe('link.invalid');
    const [row] = await issue(t, admin, { formId: 'acceptance', orgCodes: [village] });
    expect(row?.id).toBe(stranded.id);
    expect(await t.stack.repos.links.get(stranded.id)).toEqual(stranded);
    expect((await t.request(`/api/v1/fill/${tokenOf(row?.url ?? '')}`)).status).toBe(200);
  });

  it('refuses a parent outside the caller scope with 403 and writes nothing', async () => {
    const before = await t.scanAll();
    for (const [token, parentCode] of [
      [township, '341022105'],
      [township, '341022'],
      [admin, '35'],
    ] as const) {
      const res = await post({ formId: 'self-evaluation', parentCode }, token);
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe('auth.out_of_scope');
    }
    const res = await post({ formId: 'self-evaluation', orgCodes: [xiaoFu, '341022105200'] }, township);
    expect(res.status).toBe(403);
    expect((await errorOf(res)).details).toEqual({ codes: ['341022105200'] });
    expect(await t.scanAll()).toEqual(before);
  });

  it('404s an unknown form or parent and 422s codes that are not known villages, writing nothing', async () => {
    const before = await t.scanAll();
    const unknownForm = await post({ formId: 'no-such-form', parentCode: dongLinXi });
    expect(unknownForm.status).toBe(404);
    expect((await errorOf(unknownForm)).code).toBe('form.not_found');
    const unknownParent = await post({ formId: 'baseline', parentCode: '341022999' });
    expect((await errorOf(unknownParent)).code).toBe('org.not_found');
    const mixed = await post({ formId: 'baseline', orgCodes: [xiaoFu, dongLinXi, '341022104999'] });
    expect(mixed.status).toBe(422);
    const error = await errorOf(mixed);
    expect(error.code).toBe('link.orgs_invalid');
    expect(error.details).toEqual([
      { code: dongLinXi, reason: '“东临溪镇”不是村（居）' },
      { code: '341022104999', reason: '未找到该区划' },
    ]);
    expect(await t.scanAll()).toEqual(before);
  });

  it('400s a malformed request and 401s without a session', async () => {
    for (const body of [
      { formId: 'baseline' },
      { formId: 'baseline', parentCode: dongLinXi, orgCodes: [xiaoFu] },
      { formId: 'baseline', parentCode: '3410221' },
      { formId: 'baseline', parentCode: dongLinXi, expiresInDays: 0 },
      { formId: 'baseline', parentCode: dongLinXi, expiresInDays: 10_000 },
      { formId: 'baseline', orgCodes: [] },
    ]) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await post({ formId: 'baseline', parentCode: dongLinXi }, '')).status).toBe(401);
  });

  it('lets a township user issue links for its own villages', async () => {
    const rows = await issue(t, township, { formId: 'acceptance', orgCodes: [xiaoFu] });
    expect(rows.map((r) => r.orgName)).toEqual(['小阜村']);
  });
});

type Row = { id: string; orgCode: string; orgName: string; url: string; status: string; issuedAt: string };

describe('GET /api/v1/links and POST /api/v1/links/{id}/revoke', () => {
  it('lists the links of a form under a unit with their status, by village code, newest first', async () => {
    const res = await t.request(`/api/v1/links?parentCode=${dongLinXi}&formId=self-evaluation`, {
      token: township,
    });
    expect(res.status).toBe(200);
    const rows = (await res.json()) as Row[];
    expect(rows).toHaveLength(13);
    expect(rows.map((r) => r.orgCode)).toEqual([...rows.map((r) => r.orgCode)].sort());
    const xiaoFuRows = rows.filter((r) => r.orgCode === xiaoFu);
    expect(xiaoFuRows.map((r) => r.status)).toEqual(['active', 'revoked']);
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(12);
    expect(rows.every((r) => r.orgName.length > 0 && r.url.startsWith('/f/'))).toBe(true);
  });

  it('scope-checks the list and 400s a missing parameter', async () => {
    const out = await t.request('/api/v1/links?parentCode=341022105&formId=self-evaluation', {
      token: township,
    });
    expect(out.status).toBe(403);
    expect((await t.request(`/api/v1/links?parentCode=${dongLinXi}`, { token: township })).status).toBe(400);
    expect((await t.request(`/api/v1/links?parentCode=${dongLinXi}&formId=x`)).status).toBe(401);
  });

  it('revokes a link (idempotently); the token then gets 410', async () => {
    const rows = (await (
      await t.request(`/api/v1/links?parentCode=${dongLinXi}&formId=baseline`, { token: admin })
    ).json()) as Row[];
    const target = rows[0];
    if (!target) throw new Error('fixture');
    const res = await t.request(`/api/v1/links/${target.id}/revoke`, { method: 'POST', token: township });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: target.id, status: 'revoked' });
    const again = await t.request(`/api/v1/links/${target.id}/revoke`, { method: 'POST', token: township });
    expect(again.status).toBe(200);
    const gone = await t.request(`/api/v1/fill/${tokenOf(target.url)}`);
    expect((await errorOf(gone)).code).toBe('link.revoked');
  });

  it('refuses to revoke outside the scope or an unknown link', async () => {
    await t.addUser('other', 'township', '341022105', 'township-pass-2');
    const other = await t.login('other', 'township-pass-2');
    const [row] = (await (
      await t.request(`/api/v1/links?parentCode=${dongLinXi}&formId=self-evaluation`, { token: admin })
    ).json()) as Row[];
    const res = await t.request(`/api/v1/links/${row?.id}/revoke`, { method: 'POST', token: other });
    expect(res.status).toBe(403);
    const unknown = await t.request('/api/v1/links/AAAAAAAAAAAAAAAA/revoke', {
      method: 'POST',
      token: admin,
    });
    expect((await errorOf(unknown)).code).toBe('link.not_found');
    expect((await t.request('/api/v1/links/x/revoke', { method: 'POST', token: admin })).status).toBe(404);
  });
});

describe('links issued before base32 tokens (printed with base64url ones)', () => {
  const village = '341022104203';
  const legacy = {
    id: 'Lx-9_aQ2-Zb_7Kc3',
    orgCode: village,
    formId: 'lookback',
    issuedAt: '2026-11-01T00:00:00.000Z',
    expiresAt: days(30),
    issuedBy: 'admin',
  };
  // What the old code printed, computed here from its definition rather than by the code under test.
  const digest = () => createHmac('sha256', t.stack.secret).update(`link:${legacy.id}`).digest();
  const printed = () => `${legacy.id}.${digest().subarray(0, 16).toString('base64url')}`;

  beforeAll(async () => {
    // Stored exactly as the old code stored it: the slot, then the record.
    expect(await t.stack.repos.links.replaceCurrent(legacy, undefined)).toBe(true);
    await t.stack.repos.links.put(legacy);
  });

  it('open the survey (API and page) with the token on paper', async () => {
    const api = await t.request(`/api/v1/fill/${printed()}`);
    expect(api.status).toBe(200);
    const page = await t.request(`/f/${printed()}`);
    expect(page.status).toBe(200);
  });

  it('keep their id and token when listed or issued again', async () => {
    const [again] = await issue(t, admin, { formId: 'lookback', orgCodes: [village] });
    expect(again).toMatchObject({ id: legacy.id, url: `/f/${printed()}` });
    const rows = (await (
      await t.request(`/api/v1/links?parentCode=${dongLinXi}&formId=lookback`, { token: admin })
    ).json()) as Row[];
    expect(rows.find((r) => r.orgCode === village)).toMatchObject({ id: legacy.id, url: `/f/${printed()}` });
  });

  it('refuse a forged or mixed spelling of the token', async () => {
    const mac = printed().split('.')[1] ?? '';
    // base64url's last character carries 4 spare bits: setting one gives a re-spelling
    // that decodes to the same 16 bytes, which a byte comparison would accept.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelled = `${legacy.id}.${mac.slice(0, -1)}${alphabet[alphabet.indexOf(mac.at(-1) ?? '') + 1]}`;
    expect(Buffer.from(respelled.split('.')[1] ?? '', 'base64url')).toEqual(digest().subarray(0, 16));
    for (const bad of [
      `${legacy.id}.${base32(digest(), 26)}`,
      respelled,
      `${legacy.id}.${mac.toLowerCase() === mac ? mac.toUpperCase() : mac.toLowerCase()}`,
      `${legacy.id.toLowerCase()}.${mac}`,
    ]) {
      const res = await t.request(`/api/v1/fill/${bad}`);
      expect(res.status, bad).toBe(404);
      expect((await errorOf(res)).code).toBe('link.invalid');
    }
  });

  it('are revoked by their id, and replaced by a base32 link', async () => {
    const res = await t.request(`/api/v1/links/${legacy.id}/revoke`, { method: 'POST', token: township });
    expect(await res.json()).toMatchObject({ id: legacy.id, status: 'revoked', url: `/f/${printed()}` });
    expect((await errorOf(await t.request(`/api/v1/fill/${printed()}`))).code).toBe('link.revoked');
    const [next] = await issue(t, admin, { formId: 'lookback', orgCodes: [village] });
    expect(next?.url).toMatch(base32Url);
    expect((await t.request(`/api/v1/fill/${tokenOf(next?.url ?? '')}`)).status).toBe(200);
  });
});
