import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
let dataDir = '';

/** Runs `npm start`'s script as a real process and waits for its printed home URL. */
async function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const started = Date.now();
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = output.match(/首页\s+(http:\/\/localhost:\d+)\//);
      if (m?.[1]) {
        clearInterval(timer);
        resolve(m[1]);
      } else if (Date.now() - started > 30_000 || child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm start did not come up:\n${output}`));
      }
    }, 50);
  });
  return { child, base, output: () => output, startedMs: Date.now() - started };
}

async function stop(child: ChildProcess, signal: NodeJS.Signals) {
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', (c) => resolve(c));
    child.kill(signal);
  });
  return code;
}

const login = (base: string, password: string) =>
  fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });

afterAll(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves /health, seeds once, keeps data across a restart and stops cleanly', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'elder-start-'));

    // First start without ADMIN_PASSWORD: a random one is written to initial-admin.txt.
    const first = await start({ ADMIN_PASSWORD: '' });
    expect(first.startedMs).toBeLessThan(30_000);
    expect(await (await fetch(`${first.base}/health`)).json()).toEqual({ status: 'ok' });
    expect(first.output()).toContain('已写入示例组织');
    expect(first.output()).toMatch(/表单\s+acceptance v1（新发布）/);
    const sample = first.output().match(/示例填报\s+(http:\S+\/f\/\S+)（/)?.[1] ?? '';
    const page = await fetch(sample);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('小阜村');
    const forms = (await (await fetch(`${first.base}/api/v1/forms`)).json()) as { id: string }[];
    expect(forms.map((f) => f.id)).toEqual(['acceptance', 'baseline', 'lookback', 'self-evaluation']);
    const password =
      (await readFile(join(dataDir, 'initial-admin.txt'), 'utf8')).match(/密码: (\S+)/)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    const { token } = (await (await login(first.base, password)).json()) as { token: string };
    const children = await fetch(`${first.base}/api/v1/orgs/341022/children`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await children.json()) as unknown[]).length).toBe(21);
    expect(await stop(first.child, 'SIGTERM')).toBe(0);

    // Second start: same data dir, a different ADMIN_PASSWORD must not replace the first admin.
    const second = await start({ ADMIN_PASSWORD: 'another-password' });
    expect(second.output()).toContain('已有数据，未重复写入示例组织');
    expect(second.output()).not.toContain('新发布');
    expect(second.output()).toContain(sample.replace(first.base, second.base));
    expect((await login(second.base, password)).status).toBe(200);
    expect((await login(second.base, 'another-password')).status).toBe(401);
    // The session signed before the restart is still valid: the key persisted in DATA_DIR.
    const again = await fetch(`${second.base}/api/v1/orgs/341022104/children`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(((await again.json()) as unknown[]).length).toBe(12);
    expect(await stop(second.child, 'SIGINT')).toBe(0);
  }, 90_000);
});
