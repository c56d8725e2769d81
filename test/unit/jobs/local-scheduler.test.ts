import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type LocalScheduler,
  parseLocalJobsEnv,
  type SchedulerLog,
  startLocalScheduler,
} from '../../../bin/local-scheduler';
import type { JobTask, JobTrigger } from '../../../shared/app/jobs/job-registry';
import { tasksWith } from '../../support/jobs';

const now = () => new Date('2026-03-01T08:00:00.000Z');

/** A log that keeps its lines. */
function memoryLog() {
  const info: string[] = [];
  const errors: { line: string; err: unknown }[] = [];
  const log: SchedulerLog = { info: (l) => info.push(l), error: (line, err) => errors.push({ line, err }) };
  return { log, info, errors };
}

/** A task whose runs wait until released, recording each trigger. */
function gatedTask() {
  const triggers: JobTrigger[] = [];
  let release: () => void = () => {};
  const task: JobTask = async (trigger) => {
    triggers.push(trigger);
    await new Promise<void>((r) => {
      release = r;
    });
    return { townships: 3 };
  };
  return { task, triggers, release: () => release() };
}

const started: LocalScheduler[] = [];
function start(...args: Parameters<typeof startLocalScheduler>) {
  const scheduler = startLocalScheduler(...args);
  started.push(scheduler);
  return scheduler;
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

describe('parseLocalJobsEnv', () => {
  it('defaults to on with the registry intervals; JOBS=off and JOBS_EVERY_MINUTES override', () => {
    expect(parseLocalJobsEnv({})).toEqual({ enabled: true });
    expect(parseLocalJobsEnv({ JOBS: '', JOBS_EVERY_MINUTES: '' })).toEqual({ enabled: true });
    expect(parseLocalJobsEnv({ JOBS: 'off' })).toEqual({ enabled: false });
    expect(parseLocalJobsEnv({ JOBS_EVERY_MINUTES: '5' })).toEqual({ enabled: true, everyMinutes: 5 });
  });

  it('names each bad variable in Chinese', () => {
    expect(() => parseLocalJobsEnv({ JOBS: 'maybe' })).toThrow(/JOBS: 应为 on 或 off/);
    expect(() => parseLocalJobsEnv({ JOBS_EVERY_MINUTES: '90' })).toThrow(/JOBS_EVERY_MINUTES: 无法按/);
    expect(() => parseLocalJobsEnv({ JOBS_EVERY_MINUTES: 'x' })).toThrow(/JOBS_EVERY_MINUTES/);
  });
});

describe('startLocalScheduler', () => {
  it('plans every registry schedule in Asia/Shanghai cron, or none when off', () => {
    const tasks = tasksWith({ aggregate: async () => ({}) });
    expect(start({ tasks, now }).planned).toEqual([
      { job: 'aggregate', everyMinutes: 1, pattern: '* * * * *' },
      { job: 'certificates', everyMinutes: 5, pattern: '*/5 * * * *' },
    ]);
    const every5 = start({ tasks, now, settings: { enabled: true, everyMinutes: 5 } });
    expect(every5.planned).toEqual([
      { job: 'aggregate', everyMinutes: 5, pattern: '*/5 * * * *' },
      { job: 'certificates', everyMinutes: 5, pattern: '*/5 * * * *' },
    ]);
    expect(start({ tasks, now, settings: { enabled: false } }).planned).toEqual([]);
  });

  it('a trigger runs the task as a schedule would and logs one line with the counts', async () => {
    const { log, info, errors } = memoryLog();
    const triggers: JobTrigger[] = [];
    const aggregate: JobTask = async (trigger) => {
      triggers.push(trigger);
      return { townships: 3, villages: 40 };
    };
    const scheduler = start({ tasks: tasksWith({ aggregate }), now, log });
    await scheduler.trigger('aggregate');
    expect(triggers).toEqual([
      {
        source: 'schedule',
        runId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        scheduledTime: expect.any(String),
      },
    ]);
    expect(info).toEqual(['任务 aggregate 完成（用时 0 ms）：townships 3，villages 40']);
    expect(errors).toEqual([]);
  });

  it('never overlaps a run with itself: a trigger while it runs is skipped and logged', async () => {
    const { log, info } = memoryLog();
    const gate = gatedTask();
    const scheduler = start({ tasks: tasksWith({ aggregate: gate.task }), now, log });
    const first = scheduler.trigger('aggregate');
    await vi.waitFor(() => expect(gate.triggers).toHaveLength(1));
    await scheduler.trigger('aggregate');
    expect(gate.triggers).toHaveLength(1);
    expect(info).toEqual(['任务 aggregate 上一次运行尚未结束，跳过本次']);
    gate.release();
    await first;
    expect(info.at(-1)).toMatch(/^任务 aggregate 完成/);
    // Once it is done, the next run goes ahead.
    const second = scheduler.trigger('aggregate');
    await vi.waitFor(() => expect(gate.triggers).toHaveLength(2));
    gate.release();
    await second;
  });

  it('a failed run is logged, never thrown, and the next run goes ahead', async () => {
    const { log, info, errors } = memoryLog();
    let calls = 0;
    const aggregate: JobTask = async () => {
      calls += 1;
      if (calls === 1) throw new Error('store unavailable');
      return { townships: 1 };
    };
    const scheduler = start({ tasks: tasksWith({ aggregate }), now, log });
    await expect(scheduler.trigger('aggregate')).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe('任务 aggregate 失败（下次定时运行会重试）');
    expect(String(errors[0]?.err)).toContain('store unavailable');
    await scheduler.trigger('aggregate');
    expect(calls).toBe(2);
    expect(info).toEqual(['任务 aggregate 完成（用时 0 ms）：townships 1']);
  });

  it('runs the task on its own tick, and stop() waits for the run in progress, then no more ticks', async () => {
    const gate = gatedTask();
    const { log } = memoryLog();
    // Every second instead of every minute, so a real croner tick comes within the test.
    const scheduler = start({ tasks: tasksWith({ aggregate: gate.task }), now, log, pattern: '* * * * * *' });
    await vi.waitFor(() => expect(gate.triggers.length).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    expect(gate.triggers[0]?.source).toBe('schedule');

    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    gate.release();
    await stopping;
    const runs = gate.triggers.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(gate.triggers).toHaveLength(runs);
  });
});
