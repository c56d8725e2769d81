import type { JobResult } from './job-registry';

const timing = new Set(['job', 'startedAt', 'finishedAt']);

/** What a run did: its counts, in the order the task reported them. */
export function jobCounts(result: JobResult): [string, number | string][] {
  return Object.entries(result).filter(([key]) => !timing.has(key));
}

/** How long a run took, in milliseconds. */
export function jobMillis(result: JobResult): number {
  return Date.parse(result.finishedAt) - Date.parse(result.startedAt);
}

/** One line for a terminal or a log: `任务 aggregate 完成（用时 12 ms）：townships 3，villages 40`. */
export function jobSummaryLine(result: JobResult): string {
  const counts = jobCounts(result).map(([key, value]) => `${key} ${value}`);
  const head = `任务 ${result.job} 完成（用时 ${jobMillis(result)} ms）`;
  return counts.length > 0 ? `${head}：${counts.join('，')}` : head;
}
