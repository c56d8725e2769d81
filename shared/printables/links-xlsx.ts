import { chinaIsoDate } from '../lib/china-time';
import { type LinkSheetRow, linkColumnHeaders } from './link-sheet';
import { writeXlsx } from './xlsx';

// Widths in characters: 12-digit code, a village name, a full link, a date.
const widths = [16, 18, 64, 12] as const;

/**
 * The township's link list as an XLSX workbook with one sheet (same columns as `linksCsv`).
 * Every cell is text, so 12-digit codes keep all digits and are not shown as 3.41E+11.
 */
export async function linksXlsx(rows: readonly LinkSheetRow[], sheetName: string): Promise<Uint8Array> {
  return writeXlsx([
    {
      name: sheetName,
      columns: linkColumnHeaders.map((header, i) => ({ header, width: widths[i] ?? 12 })),
      rows: rows.map((row) => [row.orgCode, row.orgName, row.url, chinaIsoDate(row.expiresAt)]),
    },
  ]);
}
