import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../shared/auth/password';
import { cli, useCliDataDir } from '../support/cli';

const data = useCliDataDir('users-cli', { forms: false });

describe('npm run cli -- users add / users list', () => {
  it('creates a county officer with a generated password that passes the policy, printed once', async () => {
    const run = await cli(
      'users',
      'add',
      '--username',
      'xiuning',
      '--role',
      'county',
      '--scope',
      '341022',
      '--name',
      '王主任',
      '--data-dir',
      data.dir,
    );
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain('已创建账号 xiuning');
    const password = /初始密码：(\S+)（/.exec(run.out)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(10);
    const user = await data.read((s) => s.repos.users.get('xiuning'));
    expect(user).toMatchObject({
      role: 'county',
      scope: '341022',
      displayName: '王主任',
      createdBy: 'admin',
    });
    expect(await verifyPassword(password, user?.passwordHash ?? '')).toBe(true);
  });

  it('refuses a weak password, a taken name and a misfit scope (exit 1), and bad usage (exit 2)', async () => {
    const add = (...more: string[]) => cli('users', 'add', '--data-dir', data.dir, ...more);
    const weak = await add(
      '--username',
      'clerk',
      '--role',
      'township',
      '--scope',
      '341022104',
      '--password',
      '12345678901',
    );
    expect(weak.code).toBe(1);
    expect(weak.err).toContain('密码不能全是同一类字符');
    const taken = await add('--username', 'xiuning', '--role', 'county', '--scope', '341022');
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('该用户名已被使用');
    const misfit = await add('--username', 'clerk', '--role', 'township', '--scope', '341022');
    expect(misfit.code).toBe(1);
    expect(misfit.err).toContain('scope：乡镇账号的辖区应为乡镇');
    expect((await add('--username', 'x')).code).toBe(2);
    expect((await cli('users', 'add', '--bogus')).code).toBe(2);
  });

  it('lists every account with its role and scope', async () => {
    const run = await cli('users', 'list', '--data-dir', data.dir);
    expect(run.code).toBe(0);
    expect(run.out).toContain('xiuning\t县级（卫健委/民政局）\t341022\t王主任');
    expect(run.out).toContain('共 1 个账号');
  });
});
