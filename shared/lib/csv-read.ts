import { AppError } from '../errors';

/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM.
 * Returns rows of strings without the blank ones; the caller validates them.
 */
export function parseCsv(text: string): string[][] {
  return parseCsvRows(text).filter((r) => r.some((cell) => cell.trim() !== ''));
}

/**
 * Like `parseCsv`, but keeps blank rows, so index + 1 is the row number a spreadsheet
 * program shows for the record (a quoted line break stays inside its row).
 */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Maps rows to records by the header row; `header` lists the columns the caller needs. */
export function csvRecords(
  text: string,
  header: readonly string[],
): { line: number; record: Record<string, string> }[] {
  const [head, ...rows] = parseCsv(text);
  const names = (head ?? []).map((h) => h.trim());
  const missing = header.filter((h) => !names.includes(h));
  if (missing.length > 0) {
    throw new AppError('import.columns_missing', {
      message: `CSV 缺少列：${missing.join('、')}`,
      details: { missing },
    });
  }
  return rows.map((cells, i) => ({
    line: i + 2,
    record: Object.fromEntries(names.map((n, j) => [n, (cells[j] ?? '').trim()])),
  }));
}
