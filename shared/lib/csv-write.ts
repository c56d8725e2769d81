/**
 * CSV for people who open it in Excel or WPS: UTF-8 with a byte-order mark (without it
 * Excel on Chinese Windows decodes as GBK and shows mojibake), CRLF line ends, RFC 4180
 * quoting, and a guard against formula injection.
 */

const bom = '\ufeff';
const crlf = '\r\n';

// A cell starting with one of these is run as a formula by spreadsheet programs (OWASP
// "CSV injection"); tab and CR are on OWASP's list too because Excel strips them first.
const formulaStart = /^[=+\-@\t\r]/;

/**
 * Makes a value inert for spreadsheets: a leading apostrophe keeps `=HYPERLINK(...)` or
 * `+86 ...` as text. Values that do not start with a formula character are returned as is.
 */
export function neutralizeFormula(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

/** RFC 4180: a field with a comma, a quote, CR or LF is quoted and its quotes doubled. */
export function quoteCsvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * The whole file as a string: BOM, then every record (header first) on its own CRLF-ended
 * line. Every cell goes through `neutralizeFormula`, then `quoteCsvField`.
 */
export function formatCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) =>
    cells.map((cell) => quoteCsvField(neutralizeFormula(cell))).join(',') + crlf;
  return bom + line(header) + rows.map(line).join('');
}
