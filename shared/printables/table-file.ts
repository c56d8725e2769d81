import { AppError } from '../errors';
import { chinaIsoDate } from '../lib/china-time';
import { parseCsvRows } from '../lib/csv-read';
import { decodeText } from '../lib/text-decode';

export const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Media types a CSV arrives with: browsers on Windows with Excel installed label a .csv
 * file `application/vnd.ms-excel`; some tools send `text/plain`.
 */
const csvContentTypes = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel']);

const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);
/** A ZIP local file header: every XLSX starts with it. */
const zipMagic = [0x50, 0x4b, 0x03, 0x04];
/** An OLE2 compound file: the legacy binary .xls (and .et of old WPS versions). */
const ole2Magic = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * The cells of an uploaded table, as text: `rows[i]` is the row a spreadsheet program
 * shows as number `i + 1` (blank rows kept, so numbers match what the clerk sees).
 * CSV is decoded as UTF-8 or GB18030 (see `decodeText`); XLSX is read from its first
 * sheet with read-excel-file, imported on first use so it stays off the API cold path.
 * 415 `import.unsupported_type` for anything else (with a hint for a legacy .xls), 400
 * `import.unreadable` for an XLSX that does not open.
 */
export async function readTableFile(file: { contentType: string; bytes: Uint8Array }): Promise<string[][]> {
  const type = file.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (startsWith(file.bytes, zipMagic)) return readXlsx(file.bytes);
  if (startsWith(file.bytes, ole2Magic))
    throw new AppError('import.unsupported_type', {
      message: '这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 或 CSV 后再导入',
    });
  if (type === xlsxContentType) throw new AppError('import.unreadable');
  if (csvContentTypes.has(type)) return parseCsvRows(decodeText(file.bytes));
  throw new AppError('import.unsupported_type', { details: { contentType: type || null } });
}

async function readXlsx(bytes: Uint8Array): Promise<string[][]> {
  const { readSheet } = await import('read-excel-file/node');
  let rows: unknown[][];
  try {
    // Numbers stay the text written in the file, so a 12-digit code typed as a number
    // keeps every digit (a JavaScript number would do here, but not for longer codes).
    rows = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      parseNumber: (text: string) => text,
    });
  } catch (err) {
    throw new AppError('import.unreadable', { cause: err });
  }
  return rows.map((row) => row.map(cellText));
}

/**
 * A cell as the clerk sees it: numbers in plain digits, dates as YYYY-MM-DD in China time.
 * (The library types a date cell as `typeof Date`, hence `unknown` here.)
 */
function cellText(cell: unknown): string {
  if (typeof cell === 'string') return plainDecimal(cell.trim());
  if (typeof cell === 'number') return plainDecimal(String(cell));
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : chinaIsoDate(cell);
  return '';
}

/**
 * `3.41022104204E+11` → `341022104204`: a number written in exponent form, spelled out
 * exactly (string arithmetic, no float). Other text is returned unchanged.
 */
export function plainDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d*))?[eE]([+-]?\d+)$/.exec(text);
  if (!m) return text;
  const [, sign = '', int = '', frac = '', exp = '0'] = m;
  const digits = `${int}${frac}`;
  const point = int.length + Number(exp);
  const whole =
    point <= 0
      ? `0.${'0'.repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + '0'.repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  const trimmed = whole.includes('.') ? whole.replace(/0+$/, '').replace(/\.$/, '') : whole;
  return sign + (trimmed.replace(/^0+(?=\d)/, '') || '0');
}
