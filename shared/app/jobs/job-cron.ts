/**
 * The wall clock every schedule runs on: the local scheduler (croner) and EventBridge
 * Scheduler both evaluate their cron in this time zone, so "every hour" means the same
 * minute on a laptop and on AWS, and a daily run falls at midnight in China.
 */
export const jobTimeZone = 'Asia/Shanghai';

/** The minute and hour fields of a cron expression; the day fields are always "every". */
export interface CronFields {
  minute: string;
  hour: string;
}

/**
 * "Every `n` minutes" as cron fields, aligned to the clock: `n` below 60 runs at the
 * minutes divisible by `n` (so a step that does not divide 60 restarts at the full hour),
 * a whole number of hours below a day at minute 0 of those hours, 1440 at midnight.
 * Cron rather than `rate(...)` because only cron has a time zone and a fixed alignment:
 * a rate counts from whenever the schedule was created. Throws a `RangeError` (Chinese
 * message) for anything else.
 */
export function everyMinutesCron(n: number): CronFields {
  if (Number.isInteger(n) && n >= 1 && n < 60) return { minute: n === 1 ? '*' : `*/${n}`, hour: '*' };
  if (Number.isInteger(n) && n >= 60 && n % 60 === 0 && n / 60 < 24) {
    const hours = n / 60;
    return { minute: '0', hour: hours === 1 ? '*' : `*/${hours}` };
  }
  if (n === 1440) return { minute: '0', hour: '0' };
  throw new RangeError(`无法按“每 ${n} 分钟”定时：应为 1–59 分钟、整小时（不足一天）或 1440（每天）`);
}

/** The five-field cron pattern (minute hour day month weekday) of `everyMinutesCron(n)`. */
export function everyMinutesPattern(n: number): string {
  const { minute, hour } = everyMinutesCron(n);
  return `${minute} ${hour} * * *`;
}
