import type { Cell, CellObject, Row } from 'write-excel-file/node';
import { type CellKind, cellText, type HeaderColumn, type TableGrid, type TypedCell } from './table-layout';
import { displayWidth, writeWorkbook } from './xlsx';

/**
 * A `TableGrid` as a printable worksheet: a merged title, a subtitle line, the two merged
 * header rows (frozen with the title), bordered data rows, then a footer line for the
 * signatures and a line of notes.
 */

/** What is printed around the table. */
export interface SheetFrame {
  readonly sheetName: string;
  readonly title: string;
  /** Right-aligned under the title, e.g. 统计截至：2023-06-18. */
  readonly subtitle: string;
  /** Texts spread over one row under the table (填报单位：…, 填报人：…). */
  readonly footer: readonly string[];
  /** Explanations printed last, e.g. how the rates are computed. */
  readonly notes: string;
}

/** Rows above the data: title, subtitle and the two header rows. */
export const frozenRowCount = 4;

// Excel's row height for one line of 11 pt text, in points, and the padding around it.
const lineHeight = 14.25;
const rowPadding = 4;
const widthLimits = { min: 6, max: 30, header: 12 } as const;

const border: CellObject = { borderStyle: 'thin', alignVertical: 'center' };

/** Value type and format by kind: digits as text format '@', so an edit keeps them text. */
const kindStyle: Record<CellKind, CellObject> = {
  text: { type: String, wrap: true },
  digits: { type: String, format: '@' },
  date: { type: String, align: 'center' },
  number: { type: Number },
  percent: { type: Number, format: '0.0%' },
  target: { type: Number, format: '"超过"0.0%' },
};

function dataCell(cell: TypedCell, bold: boolean): Cell {
  return { ...border, ...kindStyle[cell.kind], value: cell.value, ...(bold ? { fontWeight: 'bold' } : {}) };
}

/** Lines a text wraps to in a column of `width` characters (one character of padding each side). */
function lineCount(text: string, width: number): number {
  return Math.max(1, Math.ceil(displayWidth(text) / Math.max(1, width - 2)));
}

const heightOf = (lines: number) => lines * lineHeight + rowPadding;

/**
 * Column widths that fit the content: the widest cell text, and the header wrapped to at
 * most 12 characters a line, clamped to 6–30 (longer text wraps); a group header widens
 * its columns evenly when they are narrower than it.
 */
export function columnWidths(grid: TableGrid): number[] {
  const rows = grid.totals ? [...grid.body, grid.totals] : grid.body;
  const widths: number[] = [];
  for (const column of grid.headers) {
    const first = widths.length;
    for (const header of column.sub.length ? column.sub : [column.header]) {
      const i = widths.length;
      const content = rows.reduce(
        (widest, r) => Math.max(widest, displayWidth(r[i] ? cellText(r[i]) : '')),
        0,
      );
      const wanted = Math.max(Math.min(displayWidth(header), widthLimits.header), content) + 2;
      widths.push(Math.min(widthLimits.max, Math.max(widthLimits.min, wanted)));
    }
    const span = widths.slice(first);
    const missing = displayWidth(column.header) + 2 - span.reduce((a, b) => a + b, 0);
    if (column.sub.length && missing > 0) {
      span.forEach((w, k) => {
        widths[first + k] = w + Math.ceil(missing / span.length);
      });
    }
  }
  return widths;
}

/** A header cell, or null where a merged header covers it. */
type HeaderCell = CellObject | null;

/** The two header rows, merged: a group over its sub-headers, a lone header over both rows. */
function headerRows(headers: readonly HeaderColumn[], widths: readonly number[]): [Row, Row] {
  const style: CellObject = { ...border, fontWeight: 'bold', align: 'center', wrap: true };
  const upper: HeaderCell[] = [];
  const lower: HeaderCell[] = [];
  let upperLines = 1;
  let lowerLines = 1;
  const lone: { text: string; width: number }[] = [];
  for (const h of headers) {
    const at = upper.length;
    if (h.sub.length === 0) {
      lone.push({ text: h.header, width: widths[at] ?? 0 });
      upper.push({ ...style, value: h.header, type: String, rowSpan: 2 });
      lower.push(null);
      continue;
    }
    const spanWidth = widths.slice(at, at + h.sub.length).reduce((a, b) => a + b, 0);
    upperLines = Math.max(upperLines, lineCount(h.header, spanWidth));
    upper.push({ ...style, value: h.header, type: String, columnSpan: h.sub.length });
    h.sub.forEach((sub, k) => {
      if (k > 0) upper.push(null);
      lowerLines = Math.max(lowerLines, lineCount(sub, widths[at + k] ?? 0));
      lower.push({ ...style, value: sub, type: String });
    });
  }
  // A lone header spans both rows; the lower row grows until it fits.
  for (const { text, width } of lone) lowerLines = Math.max(lowerLines, lineCount(text, width) - upperLines);
  return [withHeight(upper, heightOf(upperLines)), withHeight(lower, heightOf(lowerLines))];
}

/**
 * The row with its height set on its first own cell (a row's height is a property of its
 * cells in write-excel-file; cells covered by a merge must stay null). A row of only
 * covered cells keeps the default height.
 */
function withHeight(row: readonly HeaderCell[], height: number): HeaderCell[] {
  const at = row.findIndex((cell) => cell !== null);
  return row.map((cell, i) => (i === at && cell ? { ...cell, height } : cell));
}

/** A row of one cell merged across `span` columns (the covered cells are null). */
function spanning(cell: CellObject, span: number): Row {
  return [{ ...cell, columnSpan: span }, ...Array<null>(Math.max(0, span - 1)).fill(null)];
}

/** Splits `total` columns into `parts` runs as even as possible, the longer runs first. */
export function evenSpans(total: number, parts: number): number[] {
  const n = Math.max(1, Math.min(parts, total));
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
}

/** The footer texts side by side, or in one cell when the table has fewer columns than texts. */
function footerRow(texts: readonly string[], columns: number): Row {
  const fitting = texts.length > columns ? [texts.join('    ')] : texts;
  const spans = evenSpans(columns, fitting.length);
  return fitting.flatMap((text, i) =>
    spanning({ value: text, type: String, height: 28, alignVertical: 'center' }, spans[i] ?? 1),
  );
}

/** The worksheet rows of the table and its frame. */
export function tableSheetRows(grid: TableGrid, frame: SheetFrame, widths: readonly number[]): Row[] {
  const columns = widths.length;
  const totalWidth = widths.reduce((a, b) => a + b, 0);
  const title: CellObject = {
    value: frame.title,
    type: String,
    fontSize: 16,
    fontWeight: 'bold',
    height: 32,
  };
  return [
    spanning({ ...title, align: 'center', alignVertical: 'center' }, columns),
    spanning({ value: frame.subtitle, type: String, align: 'right', height: 20 }, columns),
    ...headerRows(grid.headers, widths),
    ...grid.body.map((row) => row.map((cell) => dataCell(cell, false))),
    ...(grid.totals ? [grid.totals.map((cell) => dataCell(cell, true))] : []),
    ...(frame.footer.length ? [footerRow(frame.footer, columns)] : []),
    spanning(
      {
        value: frame.notes,
        type: String,
        wrap: true,
        alignVertical: 'top',
        height: heightOf(lineCount(frame.notes, totalWidth)),
      },
      columns,
    ),
  ];
}

/** The table as an XLSX workbook of one landscape sheet. */
export function tableXlsx(grid: TableGrid, frame: SheetFrame): Promise<Buffer> {
  const widths = columnWidths(grid);
  return writeWorkbook([
    {
      name: frame.sheetName,
      data: tableSheetRows(grid, frame, widths),
      widths,
      frozenRows: frozenRowCount,
      landscape: true,
    },
  ]);
}
