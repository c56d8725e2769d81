import * as z from 'zod/mini';

/** `YYYY-MM-DD`, digits only: the shape of a date, not yet a real day. */
export const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date in `YYYY-MM-DD` form (rejects 2023-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!isoDatePattern.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === y && date.getUTCMonth() + 1 === m && date.getUTCDate() === d;
}

const dateMessage = '日期格式应为 YYYY-MM-DD，且须为有效日期';

/**
 * The one schema of a calendar date (`YYYY-MM-DD`, a real day): form answers, form
 * the programme file and request parameters all use it.
 */
export const isoDateSchema = z.string('请输入日期（YYYY-MM-DD）').check(
  // The pattern also documents the format in the generated JSON Schema of forms.
  z.regex(isoDatePattern, { message: dateMessage, abort: true }),
  z.refine(isCalendarDate, dateMessage),
);

/** The calendar date `days` after `date` (`YYYY-MM-DD`; negative for before). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
