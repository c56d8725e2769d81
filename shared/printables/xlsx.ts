import { unzipSync, zipSync } from 'fflate';
import writeXlsxFile, { type Cell, type SheetData } from 'write-excel-file/node';

/**
 * The project's XLSX output, over write-excel-file (ESM, fflate): one font for every
 * workbook, sheet names Excel accepts, widths measured the way Excel measures them, and a
 * plain-table writer for exports with one header row (the link list).
 */

/** 宋体 11 pt: what Chinese government forms are printed in, present on every Windows and WPS install. */
export const workbookFont = { fontFamily: '宋体', fontSize: 11 } as const;

// East Asian Wide and Fullwidth ranges (Unicode UAX #11): Hangul Jamo, CJK radicals to Yi,
// Hangul syllables, compatibility ideographs, vertical and fullwidth forms, CJK extensions B–F.
const wideChar =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/**
 * Width of text in Excel's column unit (the width of "0" in the default font): a CJK
 * character or a full-width form counts 2, anything else 1. For a multi-line text, the
 * widest line.
 */
export function displayWidth(text: string): number {
  let widest = 0;
  for (const line of text.split('\n')) {
    let width = 0;
    for (const char of line) width += wideChar.test(char) ? 2 : 1;
    widest = Math.max(widest, width);
  }
  return widest;
}

/**
 * A tab name Excel accepts: no `: \ / ? * [ ]`, no leading or trailing apostrophe, not
 * empty, at most 31 UTF-16 units (Excel's limit; a character outside the BMP is not split).
 */
export function safeSheetName(name: string): string {
  const cleaned = name
    .replace(/[:\\/?*[\]]/g, '_')
    .replace(/^'+|'+$/g, '')
    .trim();
  let out = '';
  for (const char of cleaned || 'Sheet') {
    if (out.length + char.length > 31) break;
    out += char;
  }
  return out;
}

/** One sheet of a workbook, in write-excel-file's cell model (spans, styles, formats). */
export interface WorkbookSheet {
  /** Tab name; made safe with `safeSheetName`. */
  readonly name: string;
  readonly data: SheetData;
  /** Widths in characters of the default font, by column. */
  readonly widths?: readonly number[];
  /** Rows frozen at the top when scrolling (title and headers). */
  readonly frozenRows?: number;
  /** Printed across the page: wide tables. */
  readonly landscape?: boolean;
}

/**
 * The workbook file, the same bytes for the same sheets. Two sheets whose safe names are
 * the same (Excel compares tab names case-insensitively) are a programming error and
 * throw a RangeError.
 */
export async function writeWorkbook(sheets: readonly WorkbookSheet[]): Promise<Buffer> {
  if (sheets.length === 0) throw new RangeError('An XLSX workbook needs at least one sheet');
  const seen = new Set<string>();
  const prepared = sheets.map((sheet) => {
    const name = safeSheetName(sheet.name);
    if (seen.has(name.toLowerCase())) throw new RangeError(`Duplicate XLSX sheet name: ${name}`);
    seen.add(name.toLowerCase());
    return {
      sheet: name,
      data: sheet.data,
      columns: sheet.widths?.map((width) => ({ width })),
      stickyRowsCount: sheet.frozenRows,
      orientation: sheet.landscape ? ('landscape' as const) : undefined,
    };
  });
  return reproducible(await writeXlsxFile(prepared, workbookFont).toBuffer());
}

// ZIP stores a local time without a zone, and write-excel-file stamps the current time;
// re-zipping the parts with a fixed local date gives the same bytes for the same input on
// every machine, in every time zone, on every run.
const zipTime = new Date(1980, 0, 1);

function reproducible(file: Uint8Array): Buffer {
  return Buffer.from(zipSync(unzipSync(file), { mtime: zipTime }));
}

export interface XlsxColumn {
  readonly header: string;
  /** Width in characters of the default font (a CJK character counts 2, see `displayWidth`). */
  readonly width: number;
}

/** A plain table: one bold, frozen header row, then the rows. */
export interface XlsxSheet {
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  /** Cells by column; a string stays text even if it looks like a number (division codes). */
  readonly rows: readonly (readonly (string | number)[])[];
}

/** A cell of a plain table: text as text (never converted), a number as a number. */
function plainCell(value: string | number): Cell {
  if (typeof value === 'string') return { value, type: String };
  if (!Number.isFinite(value)) throw new RangeError(`XLSX cell: ${value} is not a finite number`);
  return { value, type: Number };
}

/** Plain tables as a workbook, one sheet each (see `writeWorkbook` for the name rules). */
export async function writeXlsx(sheets: readonly XlsxSheet[]): Promise<Buffer> {
  return writeWorkbook(
    sheets.map((sheet) => ({
      name: sheet.name,
      widths: sheet.columns.map((c) => c.width),
      frozenRows: 1,
      data: [
        sheet.columns.map((c): Cell => ({ value: c.header, type: String, fontWeight: 'bold' })),
        ...sheet.rows.map((row) => row.map(plainCell)),
      ],
    })),
  );
}
