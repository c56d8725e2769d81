import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import {
  type JobName,
  type JobResult,
  type JobTask,
  jobEventSchema,
  runJob,
} from '../../shared/app/jobs/job-registry';
import { logError } from '../../shared/log';
import { safeParse } from '../../shared/validation';

/** What a jobs Lambda needs once per cold start: the tasks and the clock. */
export interface JobsRuntime {
  tasks: Readonly<Record<JobName, JobTask>>;
  now: () => Date;
}

/** Logs a failed run as one JSON line (CloudWatch) and lets the error end the invocation. */
const logFailure: MiddlewareObj<unknown, JobResult> = {
  onError: (request) => {
    const { job, trigger } = (request.event ?? {}) as { job?: unknown; trigger?: { runId?: unknown } };
    logError('job failed', request.error, {
      job,
      runId: trigger?.runId,
      requestId: request.context.awsRequestId,
    });
  },
};

/**
 * The jobs Lambda: `{job, trigger}` from the schedule's input, parsed with `jobEventSchema`,
 * then the same `runJob` the CLI, the API and the local scheduler call. The runtime is
 * built on the first invocation and reused; a failed build is retried by the next one.
 *
 * An event that does not parse is thrown as an error (logged, counted in the function's
 * Errors metric) rather than answered: it is a deployment mistake someone must see. It
 * cannot cause a retry storm: the function's async invoke config allows no retries (the
 * next scheduled run is the retry for a real failure) and a schedule's own retry policy
 * covers only failed deliveries, not errors thrown here.
 */
export function jobsHandler(build: () => Promise<JobsRuntime>) {
  let ready: Promise<JobsRuntime> | undefined;
  return middy<unknown, JobResult, Error, Context>()
    .use(logFailure)
    .handler(async (event) => {
      const parsed = safeParse(jobEventSchema, event);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`);
        throw new Error(`任务事件无效（不重试）：${issues.join('；')}`);
      }
      ready ??= build().catch((err: unknown) => {
        ready = undefined;
        throw err;
      });
      const { tasks, now } = await ready;
      const result = await runJob(tasks, parsed.data.job, parsed.data.trigger, now);
      console.log(
        JSON.stringify({ level: 'info', msg: 'job finished', runId: parsed.data.trigger.runId, ...result }),
      );
      return result;
    });
}
