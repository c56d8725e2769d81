import { parseArgs } from 'node:util';
import { type JobName, type JobTask, jobNames, runJob } from '../../shared/app/jobs/job-registry';
import { jobCounts, jobMillis } from '../../shared/app/jobs/job-summary';
import { parseConfig } from '../../shared/config';
import type { StackParts } from '../open-stack';
import type { Command } from './command';
import { withStack } from './with-stack';

const usage = `jobs run <${jobNames.join('|')}> [--data-dir 目录]   立即运行一次定时任务（与定时器同一任务）`;

const isJobName = (name: string | undefined): name is JobName => jobNames.some((n) => n === name);

/**
 * `jobs run <name>`: the same task the schedulers run, once, on the configured store.
 * The local store is single-process, so while `npm start` runs it the command stops with
 * a message pointing at `POST /api/v1/jobs/{name}` (the server's own scheduler runs the
 * jobs anyway). `tasksOf` picks the tasks from the opened stack (tests pass fakes).
 */
export function jobsRunCommand(tasksOf: (stack: StackParts) => Readonly<Record<JobName, JobTask>>): Command {
  return {
    name: 'jobs run',
    usage,
    async run(args, io) {
      let parsed: { values: { 'data-dir'?: string }; positionals: string[] };
      try {
        parsed = parseArgs({ args, options: { 'data-dir': { type: 'string' } }, allowPositionals: true });
      } catch (err) {
        io.err(`${(err as Error).message}\n用法：npm run cli -- ${usage}`);
        return 2;
      }
      const [name, ...more] = parsed.positionals;
      if (!isJobName(name) || more.length > 0) {
        const what = name === undefined ? '请给出任务名' : `未知的任务：${parsed.positionals.join(' ')}`;
        io.err(`${what}（可用：${jobNames.join('、')}）\n用法：npm run cli -- ${usage}`);
        return 2;
      }
      const config = parseConfig(process.env);
      const dataDir = parsed.values['data-dir'] ?? config.dataDir;
      return withStack(
        io,
        { ...config, dataDir },
        async (stack) => {
          io.out(`正在运行任务 ${name}（${stack.where}）…`);
          const result = await runJob(tasksOf(stack), name, { source: 'cli' }, stack.now);
          io.out(`任务 ${name} 已完成，用时 ${jobMillis(result)} ms`);
          for (const [key, value] of jobCounts(result)) io.out(`  ${key}：${value}`);
          return 0;
        },
        { lockedHint: `或在服务运行时调用 POST /api/v1/jobs/${name}（管理员）` },
      );
    },
  };
}

export const jobsRun = jobsRunCommand((stack) => stack.services.jobs);
