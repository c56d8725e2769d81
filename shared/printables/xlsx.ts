import { strToU8, type Zippable, zipSync } from 'fflate';
import { escapeXml, xmlDeclaration } from './xml';

/**
 * A minimal XLSX (Office Open XML SpreadsheetML) writer: one worksheet per sheet, strings as
 * inline strings (no shared-string table to keep in step), numbers as numbers, a bold frozen
 * header row and fixed column widths. Enough for exports that open cleanly in Excel, WPS and
 * LibreOffice; no formulas, dates or merged cells.
 */

export interface XlsxColumn {
  readonly header: string;
  /** Width in characters of the default font (a CJK character counts about 2). */
  readonly width: number;
}

export interface XlsxSheet {
  /** Sheet tab name; characters Excel forbids are replaced and it is cut to 31 characters. */
  readonly name: string;
  readonly columns: readonly XlsxColumn[];
  /** Cells by column; a string is written as text even if it looks like a number (division codes). */
  readonly rows: readonly (readonly (string | number)[])[];
}

const mainNs = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relNs = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const pkgRelNs = 'http://schemas.openxmlformats.org/package/2006/relationships';
const ctNs = 'http://schemas.openxmlformats.org/package/2006/content-types';
const ctPrefix = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

// ZIP stores local time without a zone; a fixed local date keeps the bytes the same
// for the same input on every machine and in every time zone.
const zipTime = new Date(1980, 0, 1);

/** Column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** A tab name Excel accepts: no `: \ / ? * [ ]`, no leading or trailing apostrophe, 1–31 chars. */
export function safeSheetName(name: string): string {
  const cleaned = name
    .replace(/[:\\/?*[\]]/g, '_')
    .replace(/^'+|'+$/g, '')
    .trim();
  return Array.from(cleaned || 'Sheet')
    .slice(0, 31)
    .join('');
}

function cellXml(ref: string, value: string | number, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`XLSX cell ${ref}: ${value} is not a finite number`);
    return `<c r="${ref}"${s}><v>${value}</v></c>`;
  }
  return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(value)}</t></is></c>`;
}

function rowXml(index: number, cells: readonly (string | number)[], style: number): string {
  const r = index + 1;
  const body = cells.map((value, col) => cellXml(`${columnName(col)}${r}`, value, style)).join('');
  return `<row r="${r}">${body}</row>`;
}

function worksheetXml(sheet: XlsxSheet): string {
  const width = Math.max(1, sheet.columns.length, ...sheet.rows.map((row) => row.length));
  const lastRef = `${columnName(width - 1)}${sheet.rows.length + 1}`;
  const cols = sheet.columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`)
    .join('');
  const rows = [
    rowXml(
      0,
      sheet.columns.map((c) => c.header),
      1,
    ),
    ...sheet.rows.map((cells, i) => rowXml(i + 1, cells, 0)),
  ].join('');
  return (
    `${xmlDeclaration}<worksheet xmlns="${mainNs}" xmlns:r="${relNs}">` +
    `<dimension ref="A1:${lastRef}"/>` +
    '<sheetViews><sheetView workbookViewId="0">' +
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '</sheetView></sheetViews>' +
    (cols ? `<cols>${cols}</cols>` : '') +
    `<sheetData>${rows}</sheetData></worksheet>`
  );
}

// Style 0: the default; style 1: bold, for the header row.
const stylesXml =
  `${xmlDeclaration}<styleSheet xmlns="${mainNs}">` +
  '<fonts count="2"><font><sz val="11"/><name val="等线"/></font>' +
  '<font><b/><sz val="11"/><name val="等线"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill>' +
  '<fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/**
 * The workbook file. Sheet names are made safe with `safeSheetName`; two sheets that end
 * up with the same name (Excel compares case-insensitively) are a programming error and throw.
 */
export function writeXlsx(sheets: readonly XlsxSheet[]): Uint8Array {
  if (sheets.length === 0) throw new RangeError('An XLSX workbook needs at least one sheet');
  const names = sheets.map((s) => safeSheetName(s.name));
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name.toLowerCase())) throw new RangeError(`Duplicate XLSX sheet name: ${name}`);
    seen.add(name.toLowerCase());
  }

  const sheetPath = (i: number) => `worksheets/sheet${i + 1}.xml`;
  const contentTypes =
    `${xmlDeclaration}<Types xmlns="${ctNs}">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${ctPrefix}.sheet.main+xml"/>` +
    sheets
      .map((_, i) => `<Override PartName="/xl/${sheetPath(i)}" ContentType="${ctPrefix}.worksheet+xml"/>`)
      .join('') +
    `<Override PartName="/xl/styles.xml" ContentType="${ctPrefix}.styles+xml"/>` +
    '</Types>';
  const rootRels =
    `${xmlDeclaration}<Relationships xmlns="${pkgRelNs}">` +
    `<Relationship Id="rId1" Type="${relNs}/officeDocument" Target="xl/workbook.xml"/>` +
    '</Relationships>';
  const workbook =
    `${xmlDeclaration}<workbook xmlns="${mainNs}" xmlns:r="${relNs}"><sheets>` +
    names
      .map((name, i) => `<sheet name="${escapeXml(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('') +
    '</sheets></workbook>';
  const workbookRels =
    `${xmlDeclaration}<Relationships xmlns="${pkgRelNs}">` +
    sheets
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${relNs}/worksheet" Target="${sheetPath(i)}"/>`)
      .join('') +
    `<Relationship Id="rId${sheets.length + 1}" Type="${relNs}/styles" Target="styles.xml"/>` +
    '</Relationships>';

  const files: Zippable = {
    '[Content_Types].xml': strToU8(contentTypes),
    '_rels/.rels': strToU8(rootRels),
    'xl/workbook.xml': strToU8(workbook),
    'xl/_rels/workbook.xml.rels': strToU8(workbookRels),
    'xl/styles.xml': strToU8(stylesXml),
  };
  sheets.forEach((sheet, i) => {
    files[`xl/${sheetPath(i)}`] = strToU8(worksheetXml(sheet));
  });
  return zipSync(files, { mtime: zipTime });
}
