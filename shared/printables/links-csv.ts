import { chinaIsoDate } from '../lib/china-time';
import { formatCsv } from '../lib/csv-write';
import { type LinkSheetRow, linkColumnHeaders } from './link-sheet';

/**
 * The township's link list as CSV (村（居）代码, 村（居）名称, 填报链接, 有效期至), rows in the
 * order given. The expiry is the China-time calendar date (YYYY-MM-DD) of `expiresAt`.
 * Throws a RangeError when an `expiresAt` is not a date.
 */
export function linksCsv(rows: readonly LinkSheetRow[]): string {
  return formatCsv(
    linkColumnHeaders,
    rows.map((row) => [row.orgCode, row.orgName, row.url, chinaIsoDate(row.expiresAt)]),
  );
}
