import { neutralizeFormula, quoteCsvField } from '../lib/csv-write';
import { cellText, flatHeaders, type TableGrid, type TypedCell } from './table-layout';

/**
 * A `TableGrid` as CSV, with the conventions of `shared/lib/csv-write.ts` (UTF-8 with a
 * BOM, CRLF line ends, RFC 4180 quoting, formula injection neutralised) and one addition
 * for digit strings, see `csvField`.
 */

const bom = '\ufeff';
const crlf = '\r\n';

/**
 * One field. A `digits` cell made of digits only is written as the formula `="341022104204"`
 * (RFC 4180-quoted: `"=""341022104204"""`): Excel and WPS evaluate it to that text, so a
 * double-clicked CSV keeps all twelve digits instead of showing 3.41022E+11, and a leading
 * zero of a phone number survives. Being digits only, it cannot carry a formula of its own.
 * Every other field is made inert (`neutralizeFormula`) and quoted (`quoteCsvField`).
 */
export function csvField(cell: TypedCell): string {
  const text = cellText(cell);
  if (cell.kind === 'digits' && /^\d+$/.test(text)) return quoteCsvField(`="${text}"`);
  return quoteCsvField(neutralizeFormula(text));
}

function textRecord(texts: readonly string[]): string {
  return texts.map((text) => csvField({ kind: 'text', value: text })).join(',') + crlf;
}

function cellRecord(cells: readonly TypedCell[]): string {
  return cells.map(csvField).join(',') + crlf;
}

/**
 * The whole file: BOM, one header row with the two header levels joined (会长-姓名), the
 * body rows, the totals row if any; then, when `footer` is not empty, an empty line and
 * one record with the footer texts (填报单位：…), so the data above stays a plain table
 * for anyone who imports it.
 */
export function tableCsv(grid: TableGrid, footer: readonly string[]): string {
  const rows = grid.totals ? [...grid.body, grid.totals] : grid.body;
  const tail = footer.length ? crlf + textRecord(footer) : '';
  return bom + textRecord(flatHeaders(grid.headers)) + rows.map(cellRecord).join('') + tail;
}
