import { parseArgs } from 'node:util';
import { bootstrap, formsLine } from '../../shared/app/setup/bootstrap';
import { parseConfig } from '../../shared/config';
import { StoreLockedError } from '../../shared/store/local-store';
import { readShippedForms } from '../form-files';
import { readDivisionsCsv } from '../local-stack';
import { openStack } from '../open-stack';
import type { Command } from './command';

const usage =
  'setup [--admin-password 密码] [--example-villages] [--data-dir 目录]   初始化数据：区划、管理员 admin、表单（RUNTIME=aws 时为已部署的 AWS 环境）';

/**
 * `setup`: the first-start steps of `npm start` — organisation, administrator, shipped
 * forms — on the configured store, so a fresh `cdk deploy` can be initialised:
 * `RUNTIME=aws TABLE_NAME=… TOKEN_SECRET_ARN=… BLOB_BUCKET=… AWS_REGION=… npm run cli -- setup`.
 * Idempotent. Example villages (示例) only with `--example-villages`: a real deployment
 * imports its villages.
 */
export const setup: Command = {
  name: 'setup',
  usage,
  async run(args, io) {
    let values: { 'admin-password'?: string; 'example-villages'?: boolean; 'data-dir'?: string };
    let config: ReturnType<typeof parseConfig>;
    try {
      values = parseArgs({
        args,
        options: {
          'admin-password': { type: 'string' },
          'example-villages': { type: 'boolean' },
          'data-dir': { type: 'string' },
        },
      }).values;
      config = parseConfig(process.env);
    } catch (err) {
      io.err(`${err instanceof Error ? err.message : String(err)}\n用法：npm run cli -- ${usage}`);
      return 2;
    }
    const password = values['admin-password'] ?? config.adminPassword;
    if (password !== undefined && password.length < 8) {
      io.err('管理员密码至少 8 个字符');
      return 2;
    }
    let stack: Awaited<ReturnType<typeof openStack>>;
    try {
      stack = await openStack({ ...config, dataDir: values['data-dir'] ?? config.dataDir });
    } catch (err) {
      if (!(err instanceof StoreLockedError)) throw err;
      io.err(
        '数据目录正被另一个进程使用（很可能是正在运行的 npm start）；npm start 首次启动时已完成初始化。',
      );
      return 1;
    }
    try {
      const outcome = await bootstrap(
        { repos: stack.repos, forms: stack.services.forms },
        {
          divisionsCsv: await readDivisionsCsv(),
          formFiles: await readShippedForms(),
          adminPassword: password,
          exampleVillages: values['example-villages'] === true,
        },
        stack.now(),
      );
      io.out(`已连接 ${stack.where}`);
      io.out(outcome.seed.seeded ? `已写入区划 ${outcome.seed.units} 个` : '区划已存在，未重复写入');
      io.out(`表单：${formsLine(outcome.forms)}`);
      if (outcome.adminPassword === undefined) io.out('管理员 admin 已存在，未改动');
      else if (password !== undefined) io.out('已创建管理员 admin（密码为所提供的密码）');
      else io.out(`已创建管理员 admin，初始密码：${outcome.adminPassword}（只显示这一次，请妥善保存）`);
      return 0;
    } finally {
      await stack.close();
    }
  },
};
