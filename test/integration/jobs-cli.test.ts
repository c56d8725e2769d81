import { describe, expect, it } from 'vitest';
import { jobsRunCommand } from '../../bin/commands/jobs';
import { startLocalStack } from '../../bin/local-stack';
import type { JobTrigger } from '../../shared/app/jobs/job-registry';
import { cli, useCliDataDir } from '../support/cli';
import { tasksWith } from '../support/jobs';

const data = useCliDataDir('jobs-cli', { forms: false });

/** Runs a command in-process and captures its output. */
async function capture(run: (io: { out(l: string): void; err(l: string): void }) => Promise<number>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run({ out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run cli -- jobs run <name>', () => {
  it('runs the real aggregate task on the local store and prints its counts in Chinese', async () => {
    const run = await cli('jobs', 'run', 'aggregate', '--data-dir', data.dir);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(`正在运行任务 aggregate（本地数据目录 ${data.dir}）…`);
    expect(run.out).toMatch(/任务 aggregate 已完成，用时 \d+ ms/);
    // One line per count the task reported.
    expect(run.out).toMatch(/^ {2}\w+：\d+$/m);
  });

  it('hands the task a cli trigger and prints every count it returns', async () => {
    const triggers: JobTrigger[] = [];
    const command = jobsRunCommand(() =>
      tasksWith({
        aggregate: async (trigger) => {
          triggers.push(trigger);
          return { townships: 4, villagesRead: 37 };
        },
      }),
    );
    const run = await capture((io) => command.run(['aggregate', '--data-dir', data.dir], io));
    expect(run.code, run.err).toBe(0);
    expect(run.out.split('\n').slice(-2)).toEqual(['  townships：4', '  villagesRead：37']);
    expect(triggers).toEqual([{ source: 'cli' }]);
  });

  it('an unknown or missing name, extra words or a bad option are usage errors (exit 2) in Chinese', async () => {
    const unknown = await cli('jobs', 'run', 'rebuild', '--data-dir', data.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('未知的任务：rebuild（可用：aggregate、certificates）');
    expect(unknown.err).toContain('用法：npm run cli -- jobs run <aggregate|certificates>');
    const missing = await cli('jobs', 'run');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('请给出任务名');
    expect((await cli('jobs', 'run', 'aggregate', 'now')).code).toBe(2);
    expect((await cli('jobs', 'run', 'aggregate', '--bogus')).code).toBe(2);
  });

  it('while npm start holds the store: exit 1, pointing at POST /api/v1/jobs/{name}', async () => {
    const running = await startLocalStack(data.config());
    try {
      const run = await cli('jobs', 'run', 'aggregate', '--data-dir', data.dir);
      expect(run.code).toBe(1);
      expect(run.err).toContain('正被另一个进程使用');
      expect(run.err).toContain('POST /api/v1/jobs/aggregate');
    } finally {
      await running.close();
    }
  });
});
