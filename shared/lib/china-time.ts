/**
 * Dates as people in China read them. Deadlines and expiry instants are stored in UTC
 * (ISO strings); a sheet printed in 休宁县 must show the China Standard Time calendar date,
 * which is UTC+8 all year (no daylight saving), whatever time zone the server runs in.
 */
/** China Standard Time is UTC+8 all year. */
export const chinaOffsetMs = 8 * 60 * 60 * 1000;

/** The calendar fields of an instant in China time. Throws a RangeError on an invalid date. */
export function chinaDateParts(instant: Date | string): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
} {
  const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Invalid date: ${String(instant)}`);
  const shifted = new Date(ms + chinaOffsetMs);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `2023-06-18`: the China-time calendar date of an instant, for tables and exports. */
export function chinaIsoDate(instant: Date | string): string {
  const { year, month, day } = chinaDateParts(instant);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/** `2023年6月10日`: the China-time calendar date of an instant, for printed text. */
export function chinaDateText(instant: Date | string): string {
  const { year, month, day } = chinaDateParts(instant);
  return `${year}年${month}月${day}日`;
}

/** `2023年6月18日 23:59`: date and minute in China time, where the exact moment matters (expiry). */
export function chinaDateTimeText(instant: Date | string): string {
  const { hour, minute } = chinaDateParts(instant);
  return `${chinaDateText(instant)} ${pad2(hour)}:${pad2(minute)}`;
}

/** `2026-11-28 16:05` in China time, for receipts and draft notices; '' for an unparsable input. */
export function formatChinaTime(instant: Date | string): string {
  const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime();
  if (Number.isNaN(ms)) return '';
  const { year, month, day, hour, minute } = chinaDateParts(instant);
  return `${year}-${pad2(month)}-${pad2(day)} ${pad2(hour)}:${pad2(minute)}`;
}
