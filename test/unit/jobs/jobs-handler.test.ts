import type { Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type JobsRuntime, jobsHandler } from '../../../functions/jobs/jobs-handler';
import type { JobTask } from '../../../shared/app/jobs/job-registry';
import { tasksWith } from '../../support/jobs';

const context = { awsRequestId: 'req-1', getRemainingTimeInMillis: () => 300_000 } as unknown as Context;
const clock = () => new Date('2026-03-01T08:00:05.000Z');

/** What EventBridge Scheduler sends (see infra/constructs/jobs.ts). */
const scheduled = {
  job: 'aggregate',
  trigger: { source: 'schedule', runId: 'exec-1', scheduledTime: '2026-03-01T08:00:00Z' },
};

function fakeRuntime(aggregate: JobTask) {
  const build = vi.fn(async (): Promise<JobsRuntime> => ({ tasks: tasksWith({ aggregate }), now: clock }));
  return { build, handler: jobsHandler(build) };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('jobs Lambda handler', () => {
  it('runs the named task with the schedule trigger and returns the JobResult', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const aggregate = vi.fn<JobTask>(async () => ({ townships: 2 }));
    const { handler } = fakeRuntime(aggregate);
    const result = await handler(scheduled, context);
    expect(result).toEqual({
      job: 'aggregate',
      startedAt: '2026-03-01T08:00:05.000Z',
      finishedAt: '2026-03-01T08:00:05.000Z',
      townships: 2,
    });
    expect(aggregate).toHaveBeenCalledWith(scheduled.trigger, clock());
  });

  it('builds the stack once per cold start, and again after a failed build', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
    let attempts = 0;
    const build = vi.fn(async (): Promise<JobsRuntime> => {
      attempts += 1;
      if (attempts === 1) throw new Error('secret unreadable');
      return { tasks: tasksWith({ aggregate: async () => ({}) }), now: clock };
    });
    const handler = jobsHandler(build);
    await expect(handler(scheduled, context)).rejects.toThrow('secret unreadable');
    await handler(scheduled, context);
    await handler(scheduled, context);
    expect(build).toHaveBeenCalledTimes(2);
  });

  it('throws a clear Chinese error for an event that is not {job, trigger}, logged, task never run', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => errors.push(line));
    const aggregate = vi.fn<JobTask>(async () => ({}));
    const { build, handler } = fakeRuntime(aggregate);
    await expect(
      handler({ job: 'rebuild-everything', trigger: { source: 'schedule' } }, context),
    ).rejects.toThrow(/^任务事件无效（不重试）：job: 任务名应为 aggregate、certificates 之一/);
    await expect(handler({}, context)).rejects.toThrow(/trigger/);
    await expect(
      handler({ ...scheduled, trigger: { ...scheduled.trigger, scheduledTime: 'yesterday' } }, context),
    ).rejects.toThrow(/trigger\.scheduledTime/);
    expect(aggregate).not.toHaveBeenCalled();
    expect(build).not.toHaveBeenCalled();
    expect(errors).toHaveLength(3);
    expect(JSON.parse(errors[0] ?? '{}')).toMatchObject({
      level: 'error',
      msg: 'job failed',
      job: 'rebuild-everything',
      requestId: 'req-1',
      err: { message: expect.stringContaining('任务事件无效') },
    });
  });

  it('lets a failing task fail the invocation (counted as an error), logged with its run id', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => errors.push(line));
    const { handler } = fakeRuntime(async () => {
      throw new Error('throttled');
    });
    await expect(handler(scheduled, context)).rejects.toThrow('throttled');
    expect(JSON.parse(errors[0] ?? '{}')).toMatchObject({ job: 'aggregate', runId: 'exec-1' });
  });
});
