import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readShippedForms } from '../../bin/form-files';
import { checkForm } from '../../shared/forms/load-form';
import { validAnswers } from '../support/fill';
import { type LocalProcess, startLocalProcess } from '../support/local-process';

const password = 'sigkill-admin-9';
const county = '341022'; // 休宁县: 东临溪镇's 12 units and three 示例 villages in each other township
const clients = 16;
let dataDir = '';
const running: LocalProcess[] = [];

afterAll(async () => {
  for (const server of running) await server.stop('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** A port free right now, so that the restarted server answers where the clients already send. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Valid answers of each village form, compiled from the shipped files as the server does. */
async function answersByForm(perForm: number) {
  const files = await readShippedForms();
  const byId = new Map(
    files.flatMap((f) => (f.definition ? [[f.name.replace(/\.json$/, ''), f.definition]] : [])),
  );
  const out = new Map<string, Record<string, unknown>[]>();
  for (const formId of ['baseline', 'self-evaluation']) {
    const result = checkForm(byId.get(formId), { lookup: (id) => byId.get(id) });
    if (!result.ok) throw new Error(`${formId} does not compile`);
    out.set(formId, validAnswers(result.form, perForm, 29));
  }
  return out;
}

const post = (url: string, body: unknown, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

async function loginAs(base: string) {
  const res = await post(`${base}/api/v1/auth/login`, { username: 'admin', password });
  if (res.status !== 200) throw new Error(`login ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** Every submission id under `code` of `formId`, following X-Next-Cursor. */
async function storedIds(base: string, token: string, formId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ formId, limit: '500', ...(cursor ? { cursor } : {}) });
    const res = await fetch(`${base}/api/v1/orgs/${county}/submissions?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`list ${res.status}: ${await res.text()}`);
    ids.push(...((await res.json()) as { id: string }[]).map((s) => s.id));
    cursor = res.headers.get('x-next-cursor');
  } while (cursor);
  return ids;
}

const until = async (done: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
};

describe('SIGKILL while 16 clients submit', () => {
  it('finds every acknowledged (201) submission after a restart on the same data', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'elder-sigkill-'));
    const env = { DATA_DIR: dataDir, ADMIN_PASSWORD: password, PORT: String(await freePort()) };
    const [first, answers] = await Promise.all([startLocalProcess(env), answersByForm(40)]);
    running.push(first);
    const { base } = first;
    const admin = await loginAs(base);

    // Links of both village forms for every village of the county: a link may submit 10 times a
    // minute, so the 16 clients spread over many links and are never throttled into idleness.
    const links: { formId: string; token: string }[] = [];
    for (const formId of ['baseline', 'self-evaluation']) {
      const res = await post(`${base}/api/v1/links`, { formId, parentCode: county }, admin);
      expect(res.status).toBe(201);
      for (const row of (await res.json()) as { url: string }[])
        links.push({ formId, token: row.url.replace(/^.*\/f\//, '') });
    }
    expect(links.length).toBeGreaterThan(100);

    const acknowledged = new Map<string, string>(); // id → formId
    const statuses = new Map<string, number>();
    const count = (what: string) => statuses.set(what, (statuses.get(what) ?? 0) + 1);
    let stop = false;
    const client = async (n: number) => {
      for (let i = n; !stop; i += clients) {
        const link = links[i % links.length];
        const pool = answers.get(link?.formId ?? '') ?? [];
        if (!link) break;
        try {
          const res = await post(`${base}/api/v1/fill/${link.token}/submissions`, {
            answers: pool[i % pool.length],
          });
          count(String(res.status));
          if (res.status === 201) acknowledged.set(((await res.json()) as { id: string }).id, link.formId);
          else await res.body?.cancel();
        } catch {
          // The server is down (killed, or not up again yet): an unacknowledged attempt.
          count('no answer');
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const started = Date.now();
    const load = Promise.all(Array.from({ length: clients }, (_, n) => client(n)));

    await until(() => acknowledged.size >= 150, 6_000);
    expect(await first.stop('SIGKILL')).toBeNull();
    const beforeKill = acknowledged.size;

    const killedAt = Date.now();
    const second = await startLocalProcess(env);
    const downMs = Date.now() - killedAt;
    running.push(second);
    expect(second.base).toBe(base);
    await until(() => acknowledged.size >= beforeKill + 50, 4_000);
    stop = true;
    await load;

    const token = await loginAs(base);
    const stored = new Set([
      ...(await storedIds(base, token, 'baseline')),
      ...(await storedIds(base, token, 'self-evaluation')),
    ]);
    const lost = [...acknowledged.keys()].filter((id) => !stored.has(id));
    console.log(
      `sigkill: ${acknowledged.size} acknowledged (${beforeKill} before the kill), ${lost.length} lost, ` +
        `${stored.size - (acknowledged.size - lost.length)} stored unacknowledged; answers ${JSON.stringify(Object.fromEntries(statuses))}; ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s of load, ${(downMs / 1000).toFixed(1)} s down`,
    );
    expect(beforeKill).toBeGreaterThan(0);
    expect(acknowledged.size).toBeGreaterThan(beforeKill);
    // Only acknowledgements, throttling and silence: any other answer means the test sent nonsense.
    expect([...statuses.keys()].filter((s) => !['201', '429', 'no answer'].includes(s))).toEqual([]);
    expect(lost).toEqual([]);
    await second.stop('SIGTERM');
  }, 60_000);
});
