import { type JobName, type JobTask, jobNames } from '../../shared/app/jobs/job-registry';

/** A full task record from the tasks a test cares about; any other job fails loudly if run. */
export function tasksWith(tasks: Partial<Record<JobName, JobTask>>): Record<JobName, JobTask> {
  const unused =
    (name: JobName): JobTask =>
    async () => {
      throw new Error(`job ${name} is not part of this test`);
    };
  return Object.fromEntries(jobNames.map((n) => [n, tasks[n] ?? unused(n)])) as Record<JobName, JobTask>;
}
