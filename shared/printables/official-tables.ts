import { isCalendarDate } from '../lib/dates';
import { statisticsColumns, summaryColumns, tableNotes } from './official-table-columns';
import { type StatisticsRow, type SummaryRow, summaryTotals, type TableMeta } from './official-table-rows';
import { tableCsv } from './table-csv';
import { headerColumns, type TableGrid, tableRows } from './table-layout';

/**
 * The programme's two tables, as XLSX (to print and sign) and CSV (to paste and import):
 * 《城乡社区老年协会建设情况汇总表》 (kind `summary`, one row per township, with a 合计 row)
 * and 《城乡社区老年协会建设情况统计表》 (kind `statistics`, one row per village). Pure: the
 * rows and the meta come in, the file goes out. Layouts are a sample (示例，可按省标准调整).
 */

export type {
  Gender,
  RegistrationStatus,
  RuleKind,
  StatisticsRow,
  SummaryRow,
  TableMeta,
  UnitType,
} from './official-table-rows';
export { summaryTotals } from './official-table-rows';

export type OfficialTableKind = 'summary' | 'statistics';

/** The row type of each table. */
export interface OfficialTableRows {
  summary: SummaryRow;
  statistics: StatisticsRow;
}

/** The programme's names of the tables. */
export const officialTableNames: Record<OfficialTableKind, string> = {
  summary: '城乡社区老年协会建设情况汇总表',
  statistics: '城乡社区老年协会建设情况统计表',
};

const sheetNames: Record<OfficialTableKind, string> = { summary: '汇总表', statistics: '统计表' };

/** Where a name or a phone number is missing, a line to write it in by hand. */
const handwritingLine = '____________';

/** `东临溪镇城乡社区老年协会建设情况汇总表（2023年）` */
export function officialTableTitle(kind: OfficialTableKind, meta: TableMeta): string {
  return `${meta.unitName}${officialTableNames[kind]}（${meta.year}年）`;
}

/** Throws a RangeError unless the meta's dates are real YYYY-MM-DD days. */
function checkMeta(meta: TableMeta): void {
  for (const [label, value] of [
    ['统计截至', meta.asOf],
    ['填报日期', meta.reportedOn],
  ] as const) {
    if (!isCalendarDate(value)) throw new RangeError(`${label}: ${value} is not a YYYY-MM-DD date`);
  }
}

/** 填报单位：…, 填报人：…, 联系电话：…, 填报日期：…, 审核人：…, with `blank` for what is missing. */
export function footerTexts(meta: TableMeta, blank: string): string[] {
  const field = (label: string, value: string | undefined) => `${label}：${value?.trim() || blank}`;
  return [
    field('填报单位', meta.reportingUnit),
    field('填报人', meta.preparer),
    field('联系电话', meta.phone),
    field('填报日期', meta.reportedOn),
    field('审核人', meta.reviewer),
  ];
}

// A mapped type over the kinds lets `grids[kind](rows)` type-check without a cast.
const grids: { [K in OfficialTableKind]: (rows: readonly OfficialTableRows[K][]) => TableGrid } = {
  summary: (rows) => ({
    headers: headerColumns(summaryColumns),
    body: tableRows(summaryColumns, rows),
    totals: tableRows(summaryColumns, [summaryTotals(rows)])[0],
  }),
  statistics: (rows) => ({
    headers: headerColumns(statisticsColumns),
    body: tableRows(statisticsColumns, rows),
  }),
};

/**
 * The table's cells, format-free: headers, one row per input row in the order given, and
 * the 合计 row of the summary. Throws a RangeError on a malformed value (a date that is
 * not YYYY-MM-DD, a village code that is not 12 digits, a number that is not finite, more
 * villages standardized than a township has).
 */
export function officialTableGrid<K extends OfficialTableKind>(
  kind: K,
  rows: readonly OfficialTableRows[K][],
): TableGrid {
  return grids[kind](rows);
}

/**
 * The table as an XLSX workbook of one landscape sheet: the title merged across the table,
 * 统计截至 under it, the two merged header rows (title to headers frozen), bordered cells
 * (numbers as numbers, rates as 0.0%, the target as 超过0.0%, codes and phone numbers as
 * text, dates as YYYY-MM-DD text), the footer for signatures (a line to write on where a
 * name is missing) and notes on how the rates are computed.
 */
export async function officialTableXlsx<K extends OfficialTableKind>(
  kind: K,
  rows: readonly OfficialTableRows[K][],
  meta: TableMeta,
): Promise<Buffer> {
  checkMeta(meta);
  // The XLSX writer loads on the first download, not on every cold start of the API.
  const { tableXlsx } = await import('./table-xlsx');
  return tableXlsx(officialTableGrid(kind, rows), {
    sheetName: sheetNames[kind],
    title: officialTableTitle(kind, meta),
    subtitle: `统计截至：${meta.asOf}`,
    footer: footerTexts(meta, handwritingLine),
    notes: tableNotes[kind],
  });
}

/**
 * The table as CSV (UTF-8 with a BOM, CRLF, RFC 4180): one header row with the two levels
 * joined (会长-姓名), the rows, the 合计 row of the summary, then after an empty line one
 * record of the footer and 统计截至. Rates are written as 66.7%, the target as 超过65.0%;
 * codes and phone numbers as `="341022104204"`, which Excel and WPS show as the digits
 * (see `csvField` in `table-csv.ts`).
 */
export function officialTableCsv<K extends OfficialTableKind>(
  kind: K,
  rows: readonly OfficialTableRows[K][],
  meta: TableMeta,
): string {
  checkMeta(meta);
  return tableCsv(officialTableGrid(kind, rows), [...footerTexts(meta, ''), `统计截至：${meta.asOf}`]);
}
