import * as z from 'zod/mini';

/**
 * The product's scheduled jobs, one list read by every runner: the local scheduler
 * (`npm start`, croner), EventBridge Scheduler on AWS (one schedule each, Asia/Shanghai),
 * the CLI (`jobs run <name>`) and `POST /api/v1/jobs/{name}`. Each job is a task of the
 * app layer: idempotent and safe to run twice at once, so a retry or an overlap is harmless.
 */
export const jobNames = ['aggregate', 'certificates'] as const;
export type JobName = (typeof jobNames)[number];

export const jobNameSchema = z.enum(jobNames, `任务名应为 ${jobNames.join('、')} 之一`);

/** How often each job runs, in minutes: the same cron fields locally (croner) and on AWS (see `job-cron.ts`). */
export const schedules: readonly { job: JobName; everyMinutes: number; description: string }[] = [
  { job: 'aggregate', everyMinutes: 1, description: '重新统计有变化的乡镇并逐级汇总' },
  { job: 'certificates', everyMinutes: 5, description: '为新达标的村（居）发放达标证书' },
];

/** What started a run: a schedule (with its time and execution id), a person, or a test. */
export const jobTriggerSchema = z.object({
  /** Who or what started it: `schedule`, `cli`, `api:<username>`, `test`. */
  source: z.string().check(z.minLength(1), z.maxLength(100)),
  /** A unique id of this run (EventBridge's execution id), for logs. */
  runId: z.optional(z.string().check(z.maxLength(200))),
  /** When the schedule fired (ISO instant), if it did. */
  scheduledTime: z.optional(z.iso.datetime()),
});
export type JobTrigger = z.infer<typeof jobTriggerSchema>;

/** The input a jobs Lambda gets from its schedule: the job's name and the trigger. */
export const jobEventSchema = z.object({ job: jobNameSchema, trigger: jobTriggerSchema });
export type JobEvent = z.infer<typeof jobEventSchema>;

/** What a run reports: when it ran and what it did, as counts. */
export interface JobResult {
  job: JobName;
  startedAt: string;
  finishedAt: string;
  [count: string]: number | string;
}

/** A job's task: what it does on one run. */
export type JobTask = (trigger: JobTrigger, now: Date) => Promise<Record<string, number>>;

/** Runs a job by name with its task, timing it. */
export async function runJob(
  tasks: Readonly<Record<JobName, JobTask>>,
  name: JobName,
  trigger: JobTrigger,
  clock: () => Date,
): Promise<JobResult> {
  const started = clock();
  const counts = await tasks[name](trigger, started);
  return { job: name, startedAt: started.toISOString(), finishedAt: clock().toISOString(), ...counts };
}
