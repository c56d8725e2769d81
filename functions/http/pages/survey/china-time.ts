const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * Formats an ISO instant in China time (UTC+8, no daylight saving) as `2026-11-28 16:05`.
 * Plain arithmetic instead of `Intl`: old Android WebViews ship without time-zone data.
 * Returns '' for an unparsable input.
 */
export function formatChinaTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms + 8 * 3600_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
