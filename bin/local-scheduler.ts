import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import * as z from 'zod/mini';
import { everyMinutesCron, everyMinutesPattern, jobTimeZone } from '../shared/app/jobs/job-cron';
import {
  type JobName,
  type JobTask,
  schedules as registeredSchedules,
  runJob,
} from '../shared/app/jobs/job-registry';
import { jobSummaryLine } from '../shared/app/jobs/job-summary';
import { logError } from '../shared/log';
import { safeParse } from '../shared/validation';

/**
 * The local scheduler's two settings, read from the environment by `npm start` (they are
 * the runner's, not the product's, so they live here and not in shared/config.ts):
 * `JOBS=off` runs no schedule at all (`on`, the default, runs them); `JOBS_EVERY_MINUTES`
 * replaces every schedule's interval (1–59, whole hours, or 1440). Empty means unset.
 */
export const localJobsEnvSchema = z.object({
  JOBS: z._default(z.enum(['on', 'off'], '应为 on 或 off'), 'on'),
  JOBS_EVERY_MINUTES: z.optional(
    z.pipe(
      z.string(),
      z.transform((v, ctx) => {
        const n = Number(v);
        try {
          everyMinutesCron(n);
          return n;
        } catch (err) {
          ctx.issues.push({ code: 'custom', message: (err as Error).message, input: v });
          return z.NEVER;
        }
      }),
    ),
  ),
});

export interface LocalJobsSettings {
  enabled: boolean;
  /** Overrides every schedule's `everyMinutes`. */
  everyMinutes?: number;
}

/** Parses `JOBS` and `JOBS_EVERY_MINUTES`; throws one Chinese error naming each bad variable. */
export function parseLocalJobsEnv(env: Record<string, string | undefined>): LocalJobsSettings {
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = safeParse(localJobsEnvSchema, set);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`配置错误（环境变量）：\n${lines}`);
  }
  const { JOBS, JOBS_EVERY_MINUTES } = result.data;
  return { enabled: JOBS === 'on', ...(JOBS_EVERY_MINUTES ? { everyMinutes: JOBS_EVERY_MINUTES } : {}) };
}

/** Where the scheduler reports: a line per run, and failures with their error. */
export interface SchedulerLog {
  info(line: string): void;
  error(line: string, err: unknown): void;
}

const consoleLog: SchedulerLog = {
  info: (line) => console.log(line),
  error: (line, err) => logError(line, err),
};

export interface LocalSchedulerOptions {
  tasks: Readonly<Record<JobName, JobTask>>;
  now: () => Date;
  settings?: LocalJobsSettings;
  /** @default the registry's `schedules`, the list EventBridge Scheduler gets too */
  schedules?: readonly { job: JobName; everyMinutes: number }[];
  log?: SchedulerLog;
  /** Tests only: one cron pattern (e.g. every second, `* * * * * *`) for every schedule. */
  pattern?: string;
}

export interface LocalScheduler {
  /** The schedules in force, as cron patterns in Asia/Shanghai (empty when `JOBS=off`). */
  readonly planned: readonly { job: JobName; everyMinutes: number; pattern: string }[];
  /** Runs a scheduled job now through croner, as its tick would (skipped while that job runs). */
  trigger(job: JobName): Promise<void>;
  /** Stops every schedule and waits for the runs in progress, so the store can close after it. */
  stop(): Promise<void>;
}

/**
 * The laptop's stand-in for EventBridge Scheduler: the same job tasks on the same list of
 * schedules, in-process with croner. A run never overlaps itself (croner's `protect`, and
 * the same guard for `trigger`); a failed run is logged and never reaches the server: the
 * tasks are incremental and idempotent, so the next tick picks up where it failed.
 */
export function startLocalScheduler(options: LocalSchedulerOptions): LocalScheduler {
  const log = options.log ?? consoleLog;
  const settings = options.settings ?? { enabled: true };
  const list = settings.enabled ? (options.schedules ?? registeredSchedules) : [];
  const running = new Map<JobName, Promise<void>>();

  async function run(job: JobName, scheduledTime: Date): Promise<void> {
    if (running.has(job)) {
      log.info(`任务 ${job} 上一次运行尚未结束，跳过本次`);
      return;
    }
    const trigger = { source: 'schedule', runId: randomUUID(), scheduledTime: scheduledTime.toISOString() };
    const done = runJob(options.tasks, job, trigger, options.now).then(
      (result) => log.info(jobSummaryLine(result)),
      (err: unknown) => log.error(`任务 ${job} 失败（下次定时运行会重试）`, err),
    );
    running.set(job, done);
    try {
      await done;
    } finally {
      running.delete(job);
    }
  }

  const crons = list.map((schedule) => {
    const { job } = schedule;
    const everyMinutes = settings.everyMinutes ?? schedule.everyMinutes;
    const pattern = options.pattern ?? everyMinutesPattern(everyMinutes);
    const cron = new Cron(
      pattern,
      // `catch` only as a second net: `run` never throws.
      { timezone: jobTimeZone, protect: true, catch: true },
      (self) => run(job, self.currentRun() ?? options.now()),
    );
    return { job, everyMinutes, pattern, cron };
  });

  return {
    planned: crons.map(({ job, everyMinutes, pattern }) => ({ job, everyMinutes, pattern })),
    async trigger(job) {
      const scheduled = crons.find((c) => c.job === job);
      if (!scheduled) throw new Error(`任务 ${job} 没有定时（JOBS=off？）`);
      await scheduled.cron.trigger();
    },
    async stop() {
      for (const { cron } of crons) cron.stop();
      await Promise.all(running.values());
    },
  };
}
