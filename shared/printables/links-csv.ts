import { chinaIsoDate } from '../lib/china-time';
import { type LinkSheetRow, linkColumnHeaders } from './link-sheet';
import { csvField } from './table-csv';

const bom = '\ufeff';
const crlf = '\r\n';

/**
 * The township's link list as CSV (村（居）代码, 村（居）名称, 填报链接, 有效期至), rows in the
 * order given, with the conventions of `shared/lib/csv-write.ts` (UTF-8 BOM, CRLF, RFC
 * 4180 quoting, formula injection neutralised). The 12-digit village code is a `digits`
 * cell (`csvField`): written as `="341022104204"`, Excel and WPS keep it as text instead
 * of showing 3.41022E+11. The expiry is the China-time calendar date (YYYY-MM-DD) of
 * `expiresAt`. Throws a RangeError when an `expiresAt` is not a date.
 */
export function linksCsv(rows: readonly LinkSheetRow[]): string {
  const record = (cells: readonly string[], codeKind: 'digits' | 'text') =>
    cells.map((value, i) => csvField({ kind: i === 0 ? codeKind : 'text', value })).join(',') + crlf;
  return (
    bom +
    record(linkColumnHeaders, 'text') +
    rows
      .map((row) => record([row.orgCode, row.orgName, row.url, chinaIsoDate(row.expiresAt)], 'digits'))
      .join('')
  );
}
