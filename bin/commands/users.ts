import { parseArgs } from 'node:util';
import { type CreateUserInput, createUserSchema } from '../../shared/app/accounts/users';
import { adminScope, adminUsername } from '../../shared/app/setup/seed-demo';
import { randomPassword } from '../../shared/auth/password';
import { roleLabels } from '../../shared/auth/user';
import { parseConfig } from '../../shared/config';
import { parseOrThrow } from '../../shared/validation';
import type { Command } from './command';
import { reportRefusal, withStack } from './with-stack';

const admin = { username: adminUsername, role: 'admin' as const, scope: adminScope };

const addUsage =
  'users add --username <用户名> --role county|township --scope <区划代码> [--name 姓名] [--password 密码] [--data-dir 目录]   创建员工账号';

/**
 * `users add`: creates a staff account as `admin` on the configured store, by the same
 * rules as the console (scope inside the province, role no wider, password policy).
 * Without `--password` a strong random one is made and printed once.
 */
export const usersAdd: Command = {
  name: 'users add',
  usage: addUsage,
  async run(args, io) {
    let values: Record<string, string | undefined>;
    try {
      values = parseArgs({
        args,
        options: {
          username: { type: 'string' },
          role: { type: 'string' },
          scope: { type: 'string' },
          name: { type: 'string' },
          password: { type: 'string' },
          'data-dir': { type: 'string' },
        },
      }).values;
    } catch (err) {
      io.err(`${(err as Error).message}\n用法：npm run cli -- ${addUsage}`);
      return 2;
    }
    if (!values.username || !values.role || !values.scope) {
      io.err(`请提供 --username、--role 和 --scope\n用法：npm run cli -- ${addUsage}`);
      return 2;
    }
    const config = parseConfig(process.env);
    // Letters and digits from base64url always mix kinds; 16 of them pass the policy.
    const password = values.password ?? `${randomPassword()}A1`;
    let input: CreateUserInput;
    try {
      input = parseOrThrow(createUserSchema, {
        username: values.username,
        role: values.role,
        scope: values.scope,
        password,
        ...(values.name ? { displayName: values.name } : {}),
      });
    } catch (err) {
      return reportRefusal(io, err);
    }
    return withStack(io, { ...config, dataDir: values['data-dir'] ?? config.dataDir }, async (stack) => {
      const user = await stack.services.users.create(admin, input, stack.now());
      io.out(`已创建账号 ${user.username}（${roleLabels[user.role]}，辖区 ${user.scope}）`);
      if (values.password === undefined)
        io.out(`初始密码：${password}（只显示这一次，请转交本人并提醒修改）`);
      return 0;
    });
  },
};

const listUsage = 'users list [--data-dir 目录]   列出所有员工账号';

/** `users list`: every account on the configured store, one line each. */
export const usersList: Command = {
  name: 'users list',
  usage: listUsage,
  async run(args, io) {
    let dataDir: string | undefined;
    try {
      dataDir = parseArgs({ args, options: { 'data-dir': { type: 'string' } } }).values['data-dir'];
    } catch (err) {
      io.err(`${(err as Error).message}\n用法：npm run cli -- ${listUsage}`);
      return 2;
    }
    const config = parseConfig(process.env);
    return withStack(io, { ...config, dataDir: dataDir ?? config.dataDir }, async (stack) => {
      const users = await stack.services.users.list(admin);
      for (const u of users)
        io.out(
          `${u.username}\t${roleLabels[u.role]}\t${u.scope}\t${u.displayName}${u.disabled ? '\t（已停用）' : ''}`,
        );
      io.out(`共 ${users.length} 个账号`);
      return 0;
    });
  },
};
