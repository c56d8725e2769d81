import { strToU8, unzipSync, Zip, ZipDeflate, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { AppError } from '../../../shared/errors';
import { decodeText } from '../../../shared/lib/text-decode';
import {
  plainDecimal,
  readTableFile,
  xlsxContentType,
  xlsxMaxEntries,
  xlsxMaxUnpackedBytes,
} from '../../../shared/printables/table-file';
import { encodeGbk } from '../../support/gb18030';
import { smallXlsx, xlsxBomb } from '../../support/xlsx-bomb';

const csv =
  '区划代码,名称,级别,上级代码\r\n341022104204,小阜村,村,341022104\r\n\r\n341022104001,心安社区,社区,341022104\r\n';
const utf8 = new TextEncoder().encode(csv);

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM', () => {
    expect(decodeText(utf8)).toBe(csv);
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(csv);
  });

  it('reads GB18030 (GBK) bytes, as Excel saves "CSV" on a Chinese Windows PC', () => {
    // 小阜村,社区 in GBK, from a reference encoder.
    const known = new Uint8Array([0xd0, 0xa1, 0xb8, 0xb7, 0xb4, 0xe5, 0x2c, 0xc9, 0xe7, 0xc7, 0xf8]);
    expect(decodeText(known)).toBe('小阜村,社区');
    expect(encodeGbk('小阜村,社区')).toEqual(known);
    expect(decodeText(encodeGbk(csv))).toBe(csv);
  });
});

describe('readTableFile', () => {
  const rowsOf = (bytes: Uint8Array, contentType: string) => readTableFile({ contentType, bytes });
  const expected = [
    ['区划代码', '名称', '级别', '上级代码'],
    ['341022104204', '小阜村', '村', '341022104'],
    [''],
    ['341022104001', '心安社区', '社区', '341022104'],
  ];

  it('reads a CSV in UTF-8 or GBK, keeping blank rows so row numbers match Excel', async () => {
    expect(await rowsOf(utf8, 'text/csv; charset=utf-8')).toEqual(expected);
    expect(await rowsOf(encodeGbk(csv), 'application/vnd.ms-excel')).toEqual(expected);
  });

  it('reads the first sheet of an XLSX: numbers as exact digits, dates as China dates', async () => {
    const bytes = await writeXlsxFile([
      ['区划代码', '名称', '成立日期', '人口'],
      [341022104204, '  小阜村 ', { value: new Date('2023-06-10T00:00:00Z'), format: 'yyyy-mm-dd' }, 1234.5],
      [null, null, null, null],
      ['341022104001', '心安社区', { value: new Date('2023-06-09T16:00:00Z'), format: 'yyyy-mm-dd' }, true],
    ]).toBuffer();
    // Sniffed: the content type a browser sends does not matter.
    expect(await rowsOf(bytes, 'application/octet-stream')).toEqual([
      ['区划代码', '名称', '成立日期', '人口'],
      ['341022104204', '小阜村', '2023-06-10', '1234.5'],
      ['', '', '', ''],
      ['341022104001', '心安社区', '2023-06-10', 'TRUE'],
    ]);
  });

  const failure = async (bytes: Uint8Array, contentType: string) => {
    try {
      await rowsOf(bytes, contentType);
    } catch (err) {
      if (AppError.is(err)) return { code: err.code, status: err.status, message: err.message };
      throw err;
    }
    throw new Error('expected a failure');
  };

  it('refuses other files with 415, a legacy .xls with a hint, a broken XLSX with 400', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(await failure(png, 'image/png')).toMatchObject({ code: 'import.unsupported_type', status: 415 });
    expect(await failure(utf8, '')).toMatchObject({ code: 'import.unsupported_type', status: 415 });
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    const legacy = await failure(xls, 'application/vnd.ms-excel');
    expect(legacy).toMatchObject({ code: 'import.unsupported_type', status: 415 });
    expect(legacy.message).toContain('另存为 .xlsx');
    const brokenZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]);
    expect(await failure(brokenZip, xlsxContentType)).toMatchObject({
      code: 'import.unreadable',
      status: 400,
    });
    expect(await failure(utf8, xlsxContentType)).toMatchObject({ code: 'import.unreadable', status: 400 });
  });
});

describe('readTableFile: XLSX archive limits', () => {
  const failure = async (bytes: Uint8Array) => {
    try {
      await readTableFile({ contentType: xlsxContentType, bytes });
    } catch (err) {
      if (AppError.is(err))
        return { code: err.code, status: err.status, message: err.message, details: err.details };
      throw err;
    }
    throw new Error('expected a failure');
  };
  const tooLarge = { code: 'import.too_large', status: 413, message: '导入文件过大，请分批导入' };

  it('refuses a zip bomb (a small XLSX whose sheet is padded with 50 MB of spaces) with 413', async () => {
    const bomb = await xlsxBomb(' ');
    expect(bomb.byteLength).toBeLessThan(100 * 1024);
    const refused = await failure(bomb);
    expect(refused).toMatchObject(tooLarge);
    expect(JSON.stringify(refused.details)).toMatch(/[\u4e00-\u9fff]/);
  });

  it('refuses a long run of text or padding under the cap, which read-excel-file parses in quadratic time', async () => {
    expect(await failure(await xlsxBomb(' ', 2))).toMatchObject({
      ...tooLarge,
      details: { maxTextRunBytes: 1024 * 1024, message: expect.stringContaining('连续文字或空白') },
    });
    // The same bytes as markup are fine.
    expect(
      await readTableFile({ contentType: xlsxContentType, bytes: await xlsxBomb('<!---->', 2) }),
    ).toEqual([
      ['code', 'name'],
      ['341022104201', '临溪村'],
    ]);
  });

  it('counts the bytes really inflated past the cap, not the sizes the headers declare', async () => {
    // Markup padding, so the cap and not the text-run limit refuses it.
    const bomb = await xlsxBomb('<!---->');
    expect(await failure(bomb)).toMatchObject({
      ...tooLarge,
      details: { maxUnpackedBytes: xlsxMaxUnpackedBytes, message: 'Excel 文件解压后不能超过 8 MB' },
    });
    expect(await failure(declaringSize(bomb, 1))).toMatchObject({
      ...tooLarge,
      details: { maxUnpackedBytes: xlsxMaxUnpackedBytes },
    });
  });

  it('refuses an archive with an absurd number of entries', async () => {
    const parts = unzipSync(await smallXlsx());
    for (let i = 0; i <= xlsxMaxEntries; i++) parts[`xl/extra/part${i}.xml`] = strToU8('<a/>');
    expect(await failure(zipSync(parts))).toMatchObject({
      ...tooLarge,
      details: { maxEntries: xlsxMaxEntries },
    });
  });

  it('still reads the largest roster an import accepts, and an archive written as a stream', async () => {
    // 5,000 rows of the template's columns: 1.7 MB unpacked, well under the cap.
    const rows = Array.from({ length: 5000 }, (_, i) => [
      `3410221${String(i).padStart(5, '0')}`,
      `第${i}村民委员会`,
      '村',
      '341022104',
      { value: new Date('2023-06-10T00:00:00Z'), format: 'yyyy-mm-dd' },
      `备注${i}`,
    ]);
    const large = await writeXlsxFile([
      ['区划代码', '名称', '级别', '上级代码', '成立日期', '备注'],
      ...rows,
    ]).toBuffer();
    const read = await readTableFile({ contentType: xlsxContentType, bytes: large });
    expect(read).toHaveLength(5001);
    expect(read[5000]).toEqual([
      '341022104999',
      '第4999村民委员会',
      '村',
      '341022104',
      '2023-06-10',
      '备注4999',
    ]);
    // Sizes in data descriptors after each entry, as LibreOffice and streaming writers do.
    const streamed = await streamedZip(unzipSync(await smallXlsx()));
    expect(await readTableFile({ contentType: xlsxContentType, bytes: streamed })).toEqual([
      ['code', 'name'],
      ['341022104201', '临溪村'],
    ]);
  });
});

/** The archive with every local header claiming `size` unpacked bytes. */
function declaringSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let i = 0; i + 30 < out.length; i++)
    if (view.getUint32(i, true) === 0x04034b50) view.setUint32(i + 22, size, true);
  return out;
}

function streamedZip(parts: Record<string, Uint8Array>): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((err, chunk, final) => {
      if (err) return reject(err);
      chunks.push(chunk);
      if (final) resolve(Buffer.concat(chunks));
    });
    for (const [name, bytes] of Object.entries(parts)) {
      const entry = new ZipDeflate(name);
      zip.add(entry);
      entry.push(bytes, true);
    }
    zip.end();
  });
}

describe('plainDecimal', () => {
  it('spells numbers in exponent form exactly', () => {
    expect(plainDecimal('3.41022104204E+11')).toBe('341022104204');
    expect(plainDecimal('3.41022104204e11')).toBe('341022104204');
    expect(plainDecimal('1.5E-3')).toBe('0.0015');
    expect(plainDecimal('1.25E1')).toBe('12.5');
    expect(plainDecimal('341022104204')).toBe('341022104204');
    expect(plainDecimal('小阜村')).toBe('小阜村');
  });
});
