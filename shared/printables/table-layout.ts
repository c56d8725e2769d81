import { isCalendarDate } from '../lib/dates';

/**
 * A printed table with at most two header levels, independent of its file format: column
 * definitions over a row type, and the grid of typed cells they give. The XLSX and CSV
 * renderers (`table-xlsx.ts`, `table-csv.ts`) draw the same grid.
 */

/**
 * What a cell holds, which decides how it is written:
 * - `text`: free text;
 * - `digits`: text that looks like a number and must stay text (division codes, phone
 *   numbers, certificate numbers), or Excel shows 341022104204 as 3.41022E+11;
 * - `number`: a count, an area, an amount, a score;
 * - `percent`: a fraction (0.6667), shown as 66.7%;
 * - `target`: a yearly target as the fraction it must exceed, shown as 超过65.0%;
 * - `date`: a calendar date, written as the text YYYY-MM-DD everywhere (no time zone to get wrong).
 */
export type CellKind = 'text' | 'digits' | 'number' | 'percent' | 'target' | 'date';

/** A cell's value; undefined is a blank cell (not answered, not applicable). */
export type CellValue = string | number | undefined;

export interface TypedCell {
  readonly kind: CellKind;
  readonly value: CellValue;
}

/** A column under one header (when alone, its header spans both header rows). */
export interface LeafColumn<R> {
  readonly header: string;
  readonly kind: CellKind;
  readonly value: (row: R) => CellValue;
}

/** Columns under a shared upper header, e.g. 会长 over 姓名 / 性别 / 年龄 / 联系电话. */
export interface ColumnGroup<R> {
  readonly header: string;
  readonly columns: readonly LeafColumn<R>[];
}

export type TableColumn<R> = LeafColumn<R> | ColumnGroup<R>;

/** A top-level header and the headers below it (none for a column that spans both rows). */
export interface HeaderColumn {
  readonly header: string;
  readonly sub: readonly string[];
}

/** The rendered table: headers, body rows, and an optional emphasised totals row. */
export interface TableGrid {
  readonly headers: readonly HeaderColumn[];
  readonly body: readonly (readonly TypedCell[])[];
  readonly totals?: readonly TypedCell[];
}

function isGroup<R>(column: TableColumn<R>): column is ColumnGroup<R> {
  return 'columns' in column;
}

/** The columns that hold cells, left to right. */
export function leafColumns<R>(columns: readonly TableColumn<R>[]): LeafColumn<R>[] {
  return columns.flatMap((c) => (isGroup(c) ? c.columns : [c]));
}

/** The header rows' structure, without the row type. */
export function headerColumns<R>(columns: readonly TableColumn<R>[]): HeaderColumn[] {
  return columns.map((c) => ({ header: c.header, sub: isGroup(c) ? c.columns.map((l) => l.header) : [] }));
}

/** One header per cell column, the two levels joined: 会长-姓名, 乡镇. */
export function flatHeaders(headers: readonly HeaderColumn[]): string[] {
  return headers.flatMap((h) => (h.sub.length ? h.sub.map((s) => `${h.header}-${s}`) : [h.header]));
}

/**
 * The cell, checked for its kind: a number must be finite, a date a real YYYY-MM-DD day,
 * and a percent or target a number. A RangeError names the header, so a bad input row is
 * found quickly.
 */
function checkedCell(header: string, kind: CellKind, value: CellValue): TypedCell {
  const fail = (why: string) => new RangeError(`${header}: ${String(value)} ${why}`);
  if (value === undefined || value === '') return { kind, value: undefined };
  const numeric = kind === 'number' || kind === 'percent' || kind === 'target';
  if (numeric && (typeof value !== 'number' || !Number.isFinite(value))) throw fail('is not a finite number');
  if (!numeric && typeof value !== 'string') throw fail('is not text');
  if (kind === 'date' && !isCalendarDate(String(value))) throw fail('is not a YYYY-MM-DD date');
  return { kind, value };
}

/** The grid of the rows under the columns, every cell checked for its kind. */
export function tableRows<R>(columns: readonly TableColumn<R>[], rows: readonly R[]): TypedCell[][] {
  const leaves = leafColumns(columns);
  return rows.map((row) => leaves.map((l) => checkedCell(l.header, l.kind, l.value(row))));
}

/** A fraction as a percentage with one decimal: 0.66667 → 66.7%. */
export function percentText(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}

/** The text a reader sees in the cell ('' when blank): the CSV field and the width estimate. */
export function cellText(cell: TypedCell): string {
  const { kind, value } = cell;
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (kind === 'percent') return percentText(value);
  if (kind === 'target') return `超过${percentText(value)}`;
  return String(value);
}

/** 是 / 否 for a yes-no answer; blank when not answered. */
export function yesNo(answer: boolean | undefined): string | undefined {
  return answer === undefined ? undefined : answer ? '是' : '否';
}

/** 有 / 无 for a has-or-has-not answer; blank when not answered. */
export function hasOrNot(answer: boolean | undefined): string | undefined {
  return answer === undefined ? undefined : answer ? '有' : '无';
}

/** `numerator ÷ denominator`, or undefined when either is missing or the denominator is 0. */
export function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
  return numerator === undefined || !denominator ? undefined : numerator / denominator;
}
