import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile, { readSheet } from 'read-excel-file/node';
import { describe, expect, it, vi } from 'vitest';
import { linksXlsx } from '../../../shared/printables/links-xlsx';
import { displayWidth, safeSheetName, writeXlsx } from '../../../shared/printables/xlsx';
import { escapeXml } from '../../../shared/printables/xml';
import { dongLinxiRows } from './dong-linxi-links';

/** The text of one part of the XLSX zip. */
function part(file: Uint8Array, name: string): string {
  const bytes = unzipSync(file)[name];
  if (!bytes) throw new Error(`missing part ${name}`);
  return strFromU8(bytes);
}

describe('linksXlsx', () => {
  const tricky = {
    orgCode: '341022104299',
    orgName: '<&> "示例" 村\u0007',
    url: 'https://example.org/f/a?b=1&c=2',
    expiresAt: '2023-12-31T16:00:00Z',
  };
  const rendering = linksXlsx([...dongLinxiRows, tricky], '东临溪镇 填报链接');

  it('reads back as the header and one text row per village, codes with all 12 digits', async () => {
    const file = await rendering;
    const [sheet, ...others] = await readXlsxFile(Buffer.from(file));
    expect(others).toEqual([]);
    expect(sheet?.sheet).toBe('东临溪镇 填报链接');
    const rows = sheet?.data ?? [];
    expect(rows[0]).toEqual(['村（居）代码', '村（居）名称', '填报链接', '有效期至']);
    expect(rows[1]).toEqual(['341022104001', '心安社区', dongLinxiRows[0]?.url, '2023-12-31']);
    // A character XML cannot hold is dropped; markup characters survive as text.
    expect(rows.at(-1)).toEqual([
      '341022104299',
      '<&> "示例" 村',
      'https://example.org/f/a?b=1&c=2',
      '2024-01-01',
    ]);
    expect(rows).toHaveLength(14);
    expect(rows.flat().every((cell) => typeof cell === 'string')).toBe(true);
  });

  it('freezes the bold header row and sets the column widths', async () => {
    const file = await rendering;
    const sheet = part(file, 'xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(/<pane ySplit="1"[^>]*state="frozen"/);
    expect(sheet).toContain('<col min="3" max="3" width="64" customWidth="1"/>');
    const headerStyle = Number(/<c r="A1" s="(\d+)"/.exec(sheet)?.[1]);
    const xfs = [...part(file, 'xl/styles.xml').matchAll(/<xf [^>]*>/g)].map((m) => m[0]);
    const fonts = [...part(file, 'xl/styles.xml').matchAll(/<font>.*?<\/font>/g)].map((m) => m[0]);
    const fontId = Number(/fontId="(\d+)"/.exec(xfs[headerStyle] ?? '')?.[1]);
    expect(fonts[fontId]).toContain('<b/>');
    // What the console's integration test and a quick grep look for: the name is in the file.
    expect(part(file, 'xl/sharedStrings.xml')).toContain('小阜村');
  });

  it('is the same bytes for the same rows, whenever it is made', async () => {
    // The zip library stamps every part with the current time; only the clock is faked.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2023-06-10T08:00:00Z'));
      const first = await linksXlsx(dongLinxiRows, 'x');
      vi.setSystemTime(new Date('2025-12-31T23:59:58Z'));
      expect(await linksXlsx(dongLinxiRows, 'x')).toEqual(first);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('writeXlsx', () => {
  it('writes numbers as numbers, text as text, and several sheets with safe names', async () => {
    const file = await writeXlsx([
      {
        name: '汇总',
        columns: [
          { header: '乡镇', width: 10 },
          { header: '达标数', width: 8 },
        ],
        rows: [['东临溪镇', 9]],
      },
      { name: 'a/b:c?', columns: [{ header: '代码', width: 14 }], rows: [['341022104204']] },
    ]);
    const sheets = await readXlsxFile(file);
    expect(sheets.map((s) => s.sheet)).toEqual(['汇总', 'a_b_c_']);
    expect(await readSheet(file, '汇总')).toEqual([
      ['乡镇', '达标数'],
      ['东临溪镇', 9],
    ]);
    expect(await readSheet(file, 'a_b_c_')).toEqual([['代码'], ['341022104204']]);
  });

  it('refuses what Excel would not open', async () => {
    await expect(writeXlsx([])).rejects.toThrow(RangeError);
    const sheet = { columns: [{ header: 'n', width: 5 }], rows: [] };
    await expect(
      writeXlsx([
        { ...sheet, name: 'Data' },
        { ...sheet, name: 'data' },
      ]),
    ).rejects.toThrow(/Duplicate/);
    await expect(writeXlsx([{ ...sheet, name: 's', rows: [[Number.NaN]] }])).rejects.toThrow(
      /not a finite number/,
    );
  });

  it('names sheets the way Excel allows and measures CJK text as double width', () => {
    expect(safeSheetName("'[x]'")).toBe('_x_');
    expect(safeSheetName('')).toBe('Sheet');
    expect(Array.from(safeSheetName('村'.repeat(40)))).toHaveLength(31);
    // 31 UTF-16 units at most, and a character outside the BMP is not cut in half.
    expect(safeSheetName(`${'a'.repeat(30)}😀`)).toBe('a'.repeat(30));
    expect(displayWidth('341022104204')).toBe(12);
    expect(displayWidth('小阜村（居）')).toBe(12);
    expect(displayWidth('面积m²')).toBe(6);
    expect(displayWidth('第一行\n长一些的第二行')).toBe(14);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0000\u001f\ud800ok\t\n`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;ok\t\n',
    );
    expect(escapeXml('😀')).toBe('😀');
  });
});
