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
 * Most bytes an XLSX may unpack to. read-excel-file unpacks every part at once and the body
 * limit counts only compressed bytes, so a 400 KB file padded with spaces unpacked to 400 MB
 * (96 s, 2.9 GB). Measured with write-excel-file: a 3,000-row roster (the template's six
 * columns) unpacks to 1.0 MB, the 5,000 rows an import accepts to 1.7 MB, 5,000 rows of 30
 * columns to 9.2 MB; 8 MiB is ~8× the large roster and stays below ~16 MB, where a sheet of
 * padding made read-excel-file's parser take over 60 s.
 */
export const xlsxMaxUnpackedBytes = 8 * 1024 * 1024;
/** A workbook has 10–40 parts (sheets, styles, relations); thousands mean a crafted archive. */
export const xlsxMaxEntries = 1000;
/**
 * Longest XML text without a `<`: read-excel-file's parser copies and rescans a pending text
 * run on every chunk, so one long run (the padding of a bomb) costs quadratic time even under
 * the cap. Excel's longest cell (32,767 characters) is under 200 KB even escaped.
 */
const xmlMaxTextRun = 1024 * 1024;
/** Compressed bytes inflated per step: DEFLATE expands at most ~1,032×, so a step makes ≤ ~4 MB. */
const inflateStepBytes = 4096;

/**
 * The cells of an uploaded table, as text: `rows[i]` is the row a spreadsheet program
 * shows as number `i + 1` (blank rows kept, so numbers match what the clerk sees).
 * CSV is decoded as UTF-8 or GB18030 (see `decodeText`); XLSX is read from its first
 * sheet with read-excel-file, imported on first use so it stays off the API cold path.
 * 415 `import.unsupported_type` for anything else (with a hint for a legacy .xls), 400
 * `import.unreadable` for an XLSX that does not open, 413 `import.too_large` for one that
 * unpacks past `xlsxMaxUnpackedBytes` (checked before read-excel-file sees it).
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
  await checkXlsxArchive(bytes);
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
 * Inflates the archive once without keeping it, counting the bytes it really unpacks to (the
 * sizes its headers declare may lie), and refuses it at the first limit passed with 413
 * `import.too_large`: `xlsxMaxUnpackedBytes`, `xlsxMaxEntries`, `xmlMaxTextRun`. Fed in small
 * steps, so a bomb costs a few MB of inflating, not all of it. 400 `import.unreadable` for an
 * archive that does not inflate.
 */
async function checkXlsxArchive(bytes: Uint8Array): Promise<void> {
  const { Unzip, UnzipInflate } = await import('fflate');
  let refusal: AppError | undefined;
  const refuse = (err: AppError) => {
    refusal ??= err;
  };
  const tooLarge = (details: Record<string, number>, message: string) =>
    refuse(new AppError('import.too_large', { details: { ...details, message } }));
  let unpacked = 0;
  let entries = 0;
  const unzip = new Unzip((file) => {
    if (++entries > xlsxMaxEntries)
      return tooLarge({ maxEntries: xlsxMaxEntries }, `Excel 文件内含的文件不能超过 ${xlsxMaxEntries} 个`);
    // The parts read-excel-file parses; the others (images, printer settings) are binary.
    const xml = /\.(xml|rels)$/i.test(file.name);
    let run = 0; // bytes since the last `<`, across chunks
    file.ondata = (err, chunk) => {
      if (refusal) return;
      if (err) return refuse(new AppError('import.unreadable', { cause: err }));
      unpacked += chunk.length;
      if (unpacked > xlsxMaxUnpackedBytes) {
        const mb = xlsxMaxUnpackedBytes / 1024 / 1024;
        return tooLarge({ maxUnpackedBytes: xlsxMaxUnpackedBytes }, `Excel 文件解压后不能超过 ${mb} MB`);
      }
      if (!xml) return;
      let from = 0;
      for (let lt = chunk.indexOf(0x3c); lt >= 0; lt = chunk.indexOf(0x3c, from)) {
        if (run + lt - from > xmlMaxTextRun) break;
        run = 0;
        from = lt + 1;
      }
      run += chunk.length - from;
      if (run > xmlMaxTextRun)
        tooLarge({ maxTextRunBytes: xmlMaxTextRun }, 'Excel 文件中有一段超过 1 MB 的连续文字或空白');
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && !refusal; at += inflateStepBytes)
      unzip.push(bytes.subarray(at, at + inflateStepBytes), at + inflateStepBytes >= bytes.length);
  } catch (err) {
    throw refusal ?? new AppError('import.unreadable', { cause: err });
  }
  if (refusal) throw refusal;
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
