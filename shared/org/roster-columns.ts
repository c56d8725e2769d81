import { AppError } from '../errors';
import type { VillageKind } from './org-unit';

/** The columns of a roster file; `validFrom` is optional, extra columns are ignored. */
export const rosterColumns = ['code', 'name', 'level', 'parentCode', 'validFrom'] as const;
export type RosterColumn = (typeof rosterColumns)[number];
export const requiredRosterColumns: readonly RosterColumn[] = ['code', 'name', 'level', 'parentCode'];

/** The Chinese header of each column, as the template and messages name it. */
export const rosterColumnLabels: Record<RosterColumn, string> = {
  code: '区划代码',
  name: '名称',
  level: '级别',
  parentCode: '上级代码',
  validFrom: '成立日期',
};

/**
 * Header texts accepted for each column, compared after `headerKey` (so `ParentCode`,
 * `村（居）名称` and `村(居)名称` all match). The Chinese ones are the names used in NBS
 * division lists and in township statistics sheets.
 */
const headerSynonyms: Record<RosterColumn, readonly string[]> = {
  code: ['code', '区划代码', '统计用区划代码', '代码', '村(居)代码', '村居代码', '村(社区)代码'],
  name: ['name', '名称', '村(居)名称', '村居名称', '村(社区)名称', '村(居)委会名称', '单位名称'],
  level: ['level', 'kind', '级别', '类型', '村(居)类型', '村居类型', '层级'],
  parentCode: ['parentcode', '上级代码', '上级区划代码', '所属乡镇代码', '乡镇代码', '乡镇区划代码'],
  validFrom: ['validfrom', '成立日期', '生效日期', '启用日期', '设立日期'],
};

/** Header text compared loosely: NFKC (full-width brackets become ASCII), no spaces, lower case. */
export const headerKey = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const columnOfHeader = new Map<string, RosterColumn>(
  rosterColumns.flatMap((column) => headerSynonyms[column].map((h) => [headerKey(h), column] as const)),
);

/** Where each column is in the file, and the header text the clerk used for it (for messages). */
export interface RosterHeader {
  /** The 1-based row number of the header. */
  row: number;
  index: Partial<Record<RosterColumn, number>>;
  label: Record<RosterColumn, string>;
}

/** Maps one header row; the first of several columns with the same meaning wins. */
export function mapRosterHeader(
  cells: readonly string[],
  row = 1,
): RosterHeader & { missing: RosterColumn[] } {
  const index: Partial<Record<RosterColumn, number>> = {};
  const label = { ...rosterColumnLabels };
  cells.forEach((cell, i) => {
    const column = columnOfHeader.get(headerKey(cell));
    if (column && index[column] === undefined) {
      index[column] = i;
      label[column] = cell.trim();
    }
  });
  const missing = requiredRosterColumns.filter((c) => index[c] === undefined);
  return { row, index, label, missing };
}

/** Rows searched for the header: a sheet may carry a title row or two above it. */
const headerSearchRows = 10;

/**
 * Finds the header among the first rows (the one matching the most required columns,
 * the earliest on a tie); 400 `import.columns_missing` naming the missing columns.
 */
export function findRosterHeader(rows: readonly (readonly string[])[]): RosterHeader {
  let best: ReturnType<typeof mapRosterHeader> | undefined;
  rows.slice(0, headerSearchRows).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const mapped = mapRosterHeader(cells, i + 1);
    if (!best || mapped.missing.length < best.missing.length) best = mapped;
  });
  const missing = best?.missing ?? [...requiredRosterColumns];
  if (!best || missing.length > 0) {
    const names = missing.map((c) => `${rosterColumnLabels[c]}（${c}）`);
    throw new AppError('import.columns_missing', {
      message: `导入文件缺少列：${names.join('、')}。第一行应为表头，如：区划代码,名称,级别,上级代码,成立日期`,
      details: { missing },
    });
  }
  return best;
}

const kindOfText = new Map<string, VillageKind>([
  ...['village', '村', '行政村', '村委会', '村民委员会'].map((t) => [t, 'village'] as const),
  ...['community', '社区', '居', '居委会', '社区居委会', '居民委员会'].map((t) => [t, 'community'] as const),
]);

/** 村 / 社区 (or `village` / `community`, 居委会, 村委会…) → the kind; undefined otherwise. */
export function parseVillageKind(text: string): VillageKind | undefined {
  return kindOfText.get(headerKey(text));
}

/**
 * A code cell cleaned of what spreadsheets add to keep digits as text: Excel's `="…"`,
 * a leading apostrophe, a trailing `.0`. Spaces inside are kept (they make it invalid).
 */
export function cleanCodeText(text: string): string {
  const t = text.trim();
  const quoted = /^="(.*)"$/.exec(t)?.[1] ?? t;
  return quoted
    .replace(/^'/, '')
    .replace(/^(\d+)\.0+$/, '$1')
    .trim();
}

/** `3.41022E+11`: a code that Excel shortened when it saved the CSV (the digits are gone). */
export const isExponentText = (text: string): boolean => /^\d+(\.\d+)?e\+?\d+$/i.test(text);

const looseDate =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * Dates as Excel and WPS write them into a CSV in China (`2023/6/10`, `2023-6-10`,
 * `2023.6.10`, `2023年6月10日`, optionally followed by a time) → `2023-06-10`. Text in
 * no such form is returned trimmed, for the caller's date check to reject.
 */
export function normalizeDateText(text: string): string {
  const t = text.trim();
  const m = looseDate.exec(t);
  if (!m) return t;
  const [, y = '', mo = '', d = ''] = m;
  return `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
}
