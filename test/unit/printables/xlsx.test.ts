import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { linksXlsx } from '../../../shared/printables/links-xlsx';
import { columnName, safeSheetName, writeXlsx } from '../../../shared/printables/xlsx';
import { escapeXml } from '../../../shared/printables/xml';
import { dongLinxiRows } from './dong-linxi-links';

/**
 * A small well-formedness check without an XML parser: one declaration, then tags that
 * nest and close in order, no stray `<` or `&` in text or attribute values.
 */
function expectWellFormed(xml: string, part: string) {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'), part).toBe(true);
  const body = xml.slice(xml.indexOf('?>') + 2).trim();
  const stack: string[] = [];
  const token =
    /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>|([^<]+)/gy;
  let end = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    end = token.lastIndex;
    const [, closing, name, , selfClosing, text] = m;
    if (text !== undefined) {
      expect(text.replace(/&(amp|lt|gt|quot|apos);/g, ''), part).not.toMatch(/[&<>]/);
    } else if (closing) {
      expect(stack.pop(), `${part}: </${name}>`).toBe(name);
    } else if (!selfClosing && name) {
      stack.push(name);
    }
  }
  expect(end, `${part}: unparsed at ${body.slice(end, end + 40)}`).toBe(body.length);
  expect(stack, part).toEqual([]);
}

const parts = [
  '[Content_Types].xml',
  '_rels/.rels',
  'xl/workbook.xml',
  'xl/_rels/workbook.xml.rels',
  'xl/styles.xml',
];

describe('linksXlsx', () => {
  const tricky = {
    orgCode: '341022104299',
    orgName: '<&> "示例" 村\u0007',
    url: 'https://example.org/f/a?b=1&c=2',
    expiresAt: '2023-12-31T16:00:00Z',
  };
  const files = unzipSync(linksXlsx([...dongLinxiRows, tricky], '东临溪镇 填报链接'));
  const text = (name: string) => {
    const bytes = files[name];
    if (!bytes) throw new Error(`missing part ${name}`);
    return strFromU8(bytes);
  };

  it('has every part, each well-formed XML', () => {
    expect(Object.keys(files).sort()).toEqual([...parts, 'xl/worksheets/sheet1.xml'].sort());
    for (const name of Object.keys(files)) expectWellFormed(text(name), name);
  });

  it('declares the workbook, the sheet and the styles in [Content_Types].xml and the relationships', () => {
    const types = text('[Content_Types].xml');
    expect(types).toContain(
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
    );
    expect(types).toContain(
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>',
    );
    expect(types).toContain('PartName="/xl/styles.xml"');
    expect(text('_rels/.rels')).toContain('Target="xl/workbook.xml"');
    expect(text('xl/workbook.xml')).toContain('<sheet name="东临溪镇 填报链接" sheetId="1" r:id="rId1"/>');
    expect(text('xl/_rels/workbook.xml.rels')).toContain(
      'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"',
    );
  });

  it('writes inline strings, escaped, with a bold header, column widths and the China-time date', () => {
    const sheet = text('xl/worksheets/sheet1.xml');
    expect(sheet).toContain(
      '<c r="A1" s="1" t="inlineStr"><is><t xml:space="preserve">村（居）代码</t></is></c>',
    );
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t xml:space="preserve">341022104001</t></is></c>');
    expect(sheet).toContain('<t xml:space="preserve">&lt;&amp;&gt; &quot;示例&quot; 村</t>');
    expect(sheet).toContain('<t xml:space="preserve">https://example.org/f/a?b=1&amp;c=2</t>');
    expect(sheet).toContain('<c r="D14" t="inlineStr"><is><t xml:space="preserve">2024-01-01</t></is></c>');
    expect(sheet).toContain('<col min="3" max="3" width="64" customWidth="1"/>');
    expect(sheet).toContain('<dimension ref="A1:D14"/>');
    expect(sheet.match(/<row /g)).toHaveLength(14);
  });

  it('is the same bytes for the same rows', () => {
    expect(linksXlsx(dongLinxiRows, 'x')).toEqual(linksXlsx(dongLinxiRows, 'x'));
  });
});

describe('writeXlsx', () => {
  it('writes numbers as numbers and several sheets', () => {
    const files = unzipSync(
      writeXlsx([
        {
          name: '汇总',
          columns: [
            { header: '乡镇', width: 10 },
            { header: '达标数', width: 8 },
          ],
          rows: [['东临溪镇', 9]],
        },
        { name: 'a/b:c?', columns: [], rows: [] },
      ]),
    );
    expect(strFromU8(files['xl/worksheets/sheet1.xml'] ?? new Uint8Array())).toContain(
      '<c r="B2"><v>9</v></c>',
    );
    expect(strFromU8(files['xl/workbook.xml'] ?? new Uint8Array())).toContain(
      '<sheet name="a_b_c_" sheetId="2" r:id="rId2"/>',
    );
    expect(strFromU8(files['[Content_Types].xml'] ?? new Uint8Array())).toContain(
      '/xl/worksheets/sheet2.xml',
    );
  });

  it('refuses what Excel would not open', () => {
    expect(() => writeXlsx([])).toThrow(RangeError);
    const sheet = { columns: [{ header: 'n', width: 5 }], rows: [] };
    expect(() =>
      writeXlsx([
        { ...sheet, name: 'Data' },
        { ...sheet, name: 'data' },
      ]),
    ).toThrow(/Duplicate/);
    expect(() => writeXlsx([{ ...sheet, name: 's', rows: [[Number.NaN]] }])).toThrow(/not a finite number/);
  });

  it('names columns and sheets the way Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
    expect(safeSheetName("'[x]'")).toBe('_x_');
    expect(safeSheetName('')).toBe('Sheet');
    expect(Array.from(safeSheetName('村'.repeat(40)))).toHaveLength(31);
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0000\u001f\ud800ok\t\n`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;ok\t\n',
    );
    expect(escapeXml('😀')).toBe('😀');
  });
});
