import { beforeAll, describe, expect, it } from 'vitest';
import { issue } from '../support/fill';
import { adminPassword, useTestStack } from '../support/stack';

/**
 * Every staff route × caller: a township clerk and a county officer, each against a unit
 * inside and a unit outside their scope; and no session, a disabled user's session, a
 * logged-out session and a forged token. Never a 2xx outside the scope, never data in a
 * 401/403/404 body.
 */
const t = useTestStack();
const password = 'Matrix-pass-2026';

interface Target {
  /** A township and one of its villages. */
  township: string;
  village: string;
  linkId: string;
  /** A township account there. */
  user: string;
}
const targets: Record<'dongLinxi' | 'wuCheng' | 'huiCheng', Target> = {
  dongLinxi: { township: '341022104', village: '341022104204', linkId: '', user: 'dlx-peer' },
  wuCheng: { township: '341022103', village: '341022103201', linkId: '', user: 'wc-clerk' },
  huiCheng: { township: '341021100', village: '341021100201', linkId: '', user: 'hc-clerk' },
};

type Call = { name: string; method: string; path: string; body?: string; type?: string };

/** The staff routes, aimed at one township and village. */
const routes = (x: Target): Call[] => [
  { name: 'org', method: 'GET', path: `/api/v1/orgs/${x.township}` },
  { name: 'children', method: 'GET', path: `/api/v1/orgs/${x.township}/children` },
  { name: 'submissions', method: 'GET', path: `/api/v1/orgs/${x.township}/submissions` },
  {
    name: 'attachment',
    method: 'GET',
    path: `/api/v1/orgs/${x.village}/attachments/baseline/evidence.AAAAAAAAAAAAAAAAAAAAAA`,
  },
  { name: 'links list', method: 'GET', path: `/api/v1/links?parentCode=${x.township}&formId=baseline` },
  {
    name: 'links sheet',
    method: 'GET',
    path: `/api/v1/links/sheet?parentCode=${x.township}&formId=baseline&format=csv`,
  },
  {
    name: 'links issue',
    method: 'POST',
    path: '/api/v1/links',
    body: JSON.stringify({ formId: 'baseline', orgCodes: [x.village] }),
    type: 'application/json',
  },
  { name: 'link revoke', method: 'POST', path: `/api/v1/links/${x.linkId}/revoke` },
  {
    name: 'roster import',
    method: 'POST',
    path: '/api/v1/orgs/import?dryRun=true',
    body: `code,name,level,parentCode\n${x.township}299,新村,village,${x.township}\n`,
    type: 'text/csv',
  },
  {
    name: 'retire',
    method: 'POST',
    path: `/api/v1/orgs/${x.village}/retire`,
    body: JSON.stringify({ date: '2026-01-01', reason: '测试' }),
    type: 'application/json',
  },
  {
    name: 'user create',
    method: 'POST',
    path: '/api/v1/users',
    body: JSON.stringify({ username: `u${x.township}`, password, role: 'township', scope: x.township }),
    type: 'application/json',
  },
  {
    name: 'user password',
    method: 'PUT',
    path: `/api/v1/users/${x.user}/password`,
    body: JSON.stringify({ password: 'Taken-over-2026' }),
    type: 'application/json',
  },
  { name: 'user disable', method: 'POST', path: `/api/v1/users/${x.user}/disable` },
  {
    name: 'form publish',
    method: 'POST',
    path: '/api/v1/forms',
    body: JSON.stringify({ id: 'baseline', title: '改' }),
    type: 'application/json',
  },
  { name: 'submission', method: 'GET', path: `/api/v1/orgs/${x.village}/submissions/some-id` },
  {
    name: 'review',
    method: 'POST',
    path: `/api/v1/orgs/${x.village}/submissions/some-id/review`,
    body: JSON.stringify({ decision: 'approve' }),
    type: 'application/json',
  },
  { name: 'review queue', method: 'GET', path: `/api/v1/orgs/${x.township}/review-queue` },
  {
    name: 'evaluation',
    method: 'POST',
    path: `/api/v1/orgs/${x.village}/evaluations`,
    body: JSON.stringify({
      formId: 'lookback',
      answers: { checkedOn: '2026-01-01', checker: '某', conclusion: 'keep' },
    }),
    type: 'application/json',
  },
  { name: 'status', method: 'GET', path: `/api/v1/orgs/${x.village}/status` },
  { name: 'stats', method: 'GET', path: `/api/v1/stats/${x.township}` },
  { name: 'chase', method: 'GET', path: `/api/v1/stats/${x.township}/chase?formId=baseline&format=text` },
  {
    name: 'changes',
    method: 'GET',
    path: `/api/v1/stats/${x.township}/changes?from=2026-01-01&to=2026-02-01`,
  },
  { name: 'export', method: 'GET', path: `/api/v1/stats/${x.township}/export?table=statistics&format=csv` },
  { name: 'certificates', method: 'GET', path: `/api/v1/orgs/${x.township}/certificates` },
  { name: 'certificates zip', method: 'GET', path: `/api/v1/orgs/${x.township}/certificates/zip` },
  { name: 'console area', method: 'GET', path: `/console/area/${x.township}` },
  { name: 'console village', method: 'GET', path: `/console/villages/${x.village}` },
  { name: 'console review', method: 'GET', path: `/console/review?code=${x.township}` },
  { name: 'console stats', method: 'GET', path: `/console/stats/${x.township}` },
  { name: 'console evaluate', method: 'GET', path: `/console/villages/${x.village}/evaluate/acceptance` },
];

const send = (call: Call, headers: Record<string, string>) =>
  t.request(call.path, {
    method: call.method,
    headers: { ...(call.type ? { 'content-type': call.type } : {}), ...headers },
    ...(call.body !== undefined ? { body: call.body } : {}),
  });

const names = ['东临溪镇', '五城镇', '徽城镇', '小阜村', '示例', '徽城'];

/** A refusal carries only the error: no unit names, no rows. */
async function expectNoData(res: Response, label: string) {
  const text = await res.text();
  for (const n of names) expect(text, `${label}: ${text.slice(0, 200)}`).not.toContain(n);
}

let tokens: Record<string, string> = {};

beforeAll(async () => {
  const admin = await t.login('admin', adminPassword);
  // A village under 徽城镇 (歙县), and links to revoke in each township.
  await t.stack.repos.orgs.putMany([
    {
      code: '341021100201',
      name: '徽城示例村',
      level: 'village',
      parentCode: '341021100',
      illustrative: true,
    },
  ]);
  for (const x of Object.values(targets)) {
    const [row] = await issue(t, admin, { formId: 'baseline', orgCodes: [x.village] });
    x.linkId = row?.id ?? '';
  }
  for (const x of Object.values(targets)) await t.addUser(x.user, 'township', x.township, password);
  await t.addUser('clerk', 'township', '341022104', password);
  await t.addUser('officer', 'county', '341022', password);
  await t.addUser('gone', 'township', '341022104', password);
  await t.addUser('left', 'township', '341022104', password);
  tokens = {
    clerk: await t.login('clerk', password),
    officer: await t.login('officer', password),
    gone: await t.login('gone', password),
    left: await t.login('left', password),
  };
  expect((await t.request('/api/v1/users/gone/disable', { method: 'POST', token: admin })).status).toBe(204);
  expect((await t.request('/api/v1/auth/logout', { method: 'POST', token: tokens.left ?? '' })).status).toBe(
    204,
  );
});

describe('authorization matrix', () => {
  it('a township clerk and a county officer never get a 2xx outside their scope, nor data in a refusal', async () => {
    const cases: [string, Target][] = [
      ['clerk', targets.wuCheng],
      ['clerk', targets.huiCheng],
      ['officer', targets.huiCheng],
    ];
    let checked = 0;
    for (const [who, x] of cases) {
      for (const call of routes(x)) {
        const res = await send(call, { authorization: `Bearer ${tokens[who]}` });
        const label = `${who} ${call.name} ${call.path}`;
        // A roster file naming another township is a bad file: every row is refused (422).
        expect(call.name === 'roster import' ? [422] : [403, 404], label).toContain(res.status);
        await expectNoData(res, label);
        checked++;
      }
    }
    expect(checked).toBe(3 * routes(targets.dongLinxi).length);
  });

  it('inside their scope the same routes answer (no false refusals)', async () => {
    for (const who of ['clerk', 'officer']) {
      for (const call of routes(targets.dongLinxi)) {
        const res = await send(call, { authorization: `Bearer ${tokens[who]}` });
        const label = `${who} ${call.name}`;
        const expected: Record<string, number[]> = {
          attachment: [404], // in scope, but no such file
          'form publish': [403], // admins only
          retire: [200, 409], // the second caller finds it done
          // The clerk retired the village a moment ago, so the officer's issue is refused (撤并).
          'links issue': who === 'clerk' ? [201] : [422],
          'link revoke': [200],
          // By the officer's turn the clerk's calls (revoke, retire) have left no active link: 404 says so.
          'links sheet': who === 'clerk' ? [200] : [404],
          'user create': who === 'clerk' ? [403] : [201], // a clerk has no one below
          'user password': who === 'clerk' ? [403] : [204],
          'user disable': who === 'clerk' ? [403] : [204],
          submission: [404], // in scope, but no such submission
          review: [404],
          // The village was retired a moment ago: no more evaluations (422), the page says why.
          evaluation: [422],
          'console evaluate': [422],
        };
        const allowed = expected[call.name];
        if (allowed) expect(allowed, `${label} ${res.status}`).toContain(res.status);
        else expect(res.status, `${label} ${res.status}`).toBeLessThan(300);
      }
    }
  });

  it('no session, a disabled user, a logged-out session and a forged token get nothing anywhere', async () => {
    const [body, mac] = (tokens.clerk ?? '').split('.');
    const payload = JSON.parse(Buffer.from(body ?? '', 'base64url').toString()) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...payload, sub: 'admin' })).toString('base64url')}.${mac}`;
    const callers: [string, Record<string, string>][] = [
      ['none', {}],
      ['disabled', { authorization: `Bearer ${tokens.gone}` }],
      ['logged out', { authorization: `Bearer ${tokens.left}` }],
      ['logged out (cookie)', { cookie: `session=${tokens.left}` }],
      ['forged', { authorization: `Bearer ${forged}` }],
    ];
    for (const [who, headers] of callers) {
      for (const call of routes(targets.dongLinxi)) {
        const res = await send(call, headers);
        const label = `${who} ${call.name}`;
        if (call.path.startsWith('/console')) {
          expect(res.status, label).toBe(303);
          // To the login, and back to this page afterwards when it was one to open (a GET).
          const back =
            call.method === 'GET' ? `/login?${new URLSearchParams({ next: call.path })}` : '/login';
          expect(res.headers.get('location'), label).toBe(back);
        } else expect(res.status, label).toBe(401);
        await expectNoData(res, label);
      }
    }
  });

  it('console posts need the session’s CSRF token and this origin', async () => {
    const cookie = `session=${tokens.officer}`;
    const page = await t.request('/console/links?parent=341022104&form=baseline', { headers: { cookie } });
    expect(page.status).toBe(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    expect(csrf.length).toBeGreaterThan(20);
    const post = (fields: Record<string, string>, extra: Record<string, string> = {}) =>
      t.request('/console/links', {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...extra },
        body: new URLSearchParams(fields).toString(),
      });
    const fields = { parentCode: '341022104', formId: 'baseline' };
    expect((await post(fields)).status).toBe(403);
    expect((await post({ ...fields, _csrf: 'x'.repeat(43) })).status).toBe(403);
    expect((await post({ ...fields, _csrf: csrf }, { origin: 'https://evil.example' })).status).toBe(403);
    const ok = await post({ ...fields, _csrf: csrf }, { origin: 'http://localhost' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toContain('msg=issued');
    // Another session's token does not fit this one.
    const other = await t.login('officer', password);
    const wrong = await t.request('/console/links', {
      method: 'POST',
      headers: { cookie: `session=${other}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...fields, _csrf: csrf }).toString(),
    });
    expect(wrong.status).toBe(403);
  });
});
