import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli';
import { startLocalStack } from '../../bin/local-stack';
import { verifyPassword } from '../../shared/auth/password';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'setup-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => out.push(l) });
  return { code, text: out.join('\n') };
}

describe('npm run cli -- setup', () => {
  it('initialises divisions (no example villages), forms and admin once; a rerun changes nothing', async () => {
    const first = await cli('setup', '--data-dir', dir);
    expect(first.code).toBe(0);
    expect(first.text).toContain('已写入区划 118 个');
    expect(first.text).toMatch(/baseline v1（新发布）/);
    const password = first.text.match(/初始密码：(\S+)（/)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);

    const again = await cli('setup', '--data-dir', dir, '--admin-password', 'another-password');
    expect(again.code).toBe(0);
    expect(again.text).toContain('区划已存在');
    expect(again.text).toContain('管理员 admin 已存在，未改动');
    expect(again.text).not.toContain('新发布');

    const stack = await startLocalStack({
      dataDir: dir,
      tableName: 'elder-assoc',
      sessionTtlSeconds: 60,
      maxBodyBytes: 1024,
    });
    try {
      const admin = await stack.repos.users.get('admin');
      expect(await verifyPassword(password, admin?.passwordHash ?? '')).toBe(true);
      expect(await stack.repos.orgs.children('341022104')).toEqual([]);
      expect(await stack.repos.orgs.children('341022')).toHaveLength(21);
    } finally {
      await stack.close();
    }
  });

  it('refuses a short password and unknown options with usage (exit 2)', async () => {
    expect((await cli('setup', '--admin-password', 'short', '--data-dir', dir)).code).toBe(2);
    expect((await cli('setup', '--bogus')).code).toBe(2);
  });
});
