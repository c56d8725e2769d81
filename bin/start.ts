import './quiet-node-warnings';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { bootstrap, formsLine } from '../shared/app/setup/bootstrap';
import { adminScope, adminUsername } from '../shared/app/setup/seed-demo';
import { parseConfig } from '../shared/config';
import { readShippedForms } from './form-files';
import { parseLocalJobsEnv, startLocalScheduler } from './local-scheduler';
import { readDivisionsCsv, startLocalStack } from './local-stack';
import { serveLocal } from './serve-local';

const config = parseConfig(process.env);
const jobSettings = parseLocalJobsEnv(process.env);
const sampleVillage = '341022104204';
const started = Date.now();
const stack = await startLocalStack(config);

const { seed, forms, adminPassword } = await bootstrap(
  { repos: stack.repos, forms: stack.services.forms },
  {
    divisionsCsv: await readDivisionsCsv(),
    formFiles: await readShippedForms(),
    adminPassword: config.adminPassword,
    exampleVillages: true,
  },
  stack.now(),
);
const adminCreated = adminPassword !== undefined;
const passwordFile = join(config.dataDir, 'initial-admin.txt');
if (adminCreated && !config.adminPassword) {
  await writeFile(passwordFile, `用户名: admin\n密码: ${adminPassword}\n`, { mode: 0o600 });
}

// One sample survey link (小阜村, baseline): the same link on every start, since issuing is idempotent.
const principal = { username: adminUsername, role: 'admin' as const, scope: adminScope };
const [sample] = await stack.services.links.issueLinks(
  principal,
  { formId: 'baseline', orgCodes: [sampleVillage] },
  stack.now(),
);

// The same job tasks and schedules as EventBridge Scheduler on AWS, in-process.
const scheduler = startLocalScheduler({ tasks: stack.services.jobs, now: stack.now, settings: jobSettings });
const jobsLine =
  scheduler.planned.length > 0
    ? `${scheduler.planned.map((p) => `${p.job} 每 ${p.everyMinutes} 分钟`).join('，')}（北京时间）`
    : '已关闭（JOBS=off）';

// Loopback by default: a laptop's survey server is not for the café's Wi-Fi unless HOST says so.
const loopback = /^(127(\.\d+){3}|::1|localhost)$/i.test(config.host);
const anyAddress = config.host === '0.0.0.0' || config.host === '::';
const shownHost =
  loopback || anyAddress ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;

const server = serveLocal(stack.app.fetch, { port: config.port, hostname: config.host }, (info) => {
  const base = `http://${shownHost}:${info.port}`;
  console.log(
    [
      '',
      '城乡社区老年协会规范化建设 — 本地服务已启动',
      `  数据目录  ${resolve(config.dataDir)}`,
      `  监听地址  ${config.host}:${info.port}${loopback ? '（仅本机；局域网访问请设置 HOST=0.0.0.0）' : '（其他电脑可访问）'}`,
      seed.seeded ? `  已写入示例组织 ${seed.units} 个（首次启动）` : '  已有数据，未重复写入示例组织',
      adminCreated
        ? `  管理员 admin 已创建，密码：${config.adminPassword ? '（ADMIN_PASSWORD）' : `见 ${passwordFile}`}`
        : '  管理员 admin 已存在',
      `  表单      ${formsLine(forms)}`,
      `  首页      ${base}/`,
      `  员工登录  ${base}/login（工作台 ${base}/console）`,
      ...(sample ? [`  示例填报  ${base}${sample.url}（${sample.orgName} · 摸底调查）`] : []),
      `  定时任务  ${jobsLine}`,
      `  健康检查  ${base}/health`,
      `  接口示例  ${base}/api/v1/orgs/341022/children（需登录）`,
      `  启动用时  ${Date.now() - started} ms`,
      '按 Ctrl-C 停止。',
      '',
    ].join('\n'),
  );
});

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`收到 ${signal}，正在停止…`);
  await new Promise<void>((r) => server.close(() => r()));
  // A run in progress finishes before the store closes under it.
  await scheduler.stop();
  await stack.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
