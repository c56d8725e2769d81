import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/lib/csv-read';
import { formatCsv, neutralizeFormula, quoteCsvField } from '../../../shared/lib/csv-write';
import { linksCsv } from '../../../shared/printables/links-csv';
import { dongLinxiRows } from './dong-linxi-links';

describe('linksCsv', () => {
  const csv = linksCsv(dongLinxiRows);

  it('is UTF-8 with a BOM, CRLF lines, the Chinese header and one row per village', () => {
    expect(csv.startsWith('\ufeff村（居）代码,村（居）名称,填报链接,有效期至\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(dongLinxiRows.length + 2); // header, rows, the empty rest after the last CRLF
    const first = dongLinxiRows[0];
    expect(lines[1]).toBe(`"=""341022104001""",心安社区,${first?.url},2023-12-31`);
  });

  const row = { orgCode: '341022104201', orgName: '临溪村', url: 'https://example.org/f/x' };

  it('writes the 12-digit codes so Excel and WPS keep them as text: ="341022104204"', () => {
    // Double-clicked, a bare 341022104204 becomes the number 3.41022E+11; the formula
    // ="…" evaluates to the text with every digit (csvField, kind digits).
    const records = parseCsv(csv).slice(1);
    expect(records.map((r) => r[0])).toEqual(dongLinxiRows.map((r) => `="${r.orgCode}"`));
    const expiresAt = '2023-12-31T00:00:00Z';
    expect(linksCsv([{ ...row, orgCode: '011022104201', expiresAt }])).toContain(
      '\r\n"=""011022104201""",临溪村,',
    );
    // Only a code of digits is written that way: anything else stays plain text.
    expect(linksCsv([{ ...row, orgCode: '34102210420x', expiresAt }])).toContain('\r\n34102210420x,临溪村,');
  });

  it('writes the expiry as the China-time date', () => {
    expect(linksCsv([{ ...row, expiresAt: '2023-12-31T16:00:00Z' }])).toContain(',2024-01-01\r\n');
    expect(linksCsv([{ ...row, expiresAt: '2023-12-31T15:59:59Z' }])).toContain(',2023-12-31\r\n');
  });

  it('quotes per RFC 4180 and reads back to the same cells', () => {
    const rows = [
      {
        orgCode: '341022104201',
        orgName: '临溪村, "老" 协会\n二组',
        url: 'https://example.org/f/a?x=1,2',
        expiresAt: '2023-12-31T00:00:00Z',
      },
    ];
    const text = linksCsv(rows);
    expect(text).toContain('"临溪村, ""老"" 协会\n二组","https://example.org/f/a?x=1,2"');
    expect(parseCsv(text)).toEqual([
      ['村（居）代码', '村（居）名称', '填报链接', '有效期至'],
      ['="341022104201"', '临溪村, "老" 协会\n二组', 'https://example.org/f/a?x=1,2', '2023-12-31'],
    ]);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const text = linksCsv([
      { orgCode: '=1+1', orgName: '@SUM(A1)', url: '+86 559', expiresAt: '2023-12-31T00:00:00Z' },
      {
        orgCode: '-2',
        orgName: '=HYPERLINK("http://x","点我")',
        url: 'a=b',
        expiresAt: '2023-12-31T00:00:00Z',
      },
    ]);
    expect(text).toContain("\r\n'=1+1,'@SUM(A1),'+86 559,2023-12-31\r\n");
    expect(text).toContain(`\r\n'-2,"'=HYPERLINK(""http://x"",""点我"")",a=b,2023-12-31\r\n`);
  });

  it('has only a header for no villages', () => {
    expect(linksCsv([])).toBe('\ufeff村（居）代码,村（居）名称,填报链接,有效期至\r\n');
  });
});

describe('CSV cells', () => {
  it('neutralizes = + - @ tab and CR at the start only', () => {
    for (const v of ['=A1', '+1', '-1', '@x', '\tx', '\rx']) expect(neutralizeFormula(v)).toBe(`'${v}`);
    for (const v of ['a=1', '1-2', '', '临溪村', "'=x"]) expect(neutralizeFormula(v)).toBe(v);
  });

  it('quotes only what needs it', () => {
    expect(quoteCsvField('plain')).toBe('plain');
    expect(quoteCsvField('a"b')).toBe('"a""b"');
    expect(quoteCsvField('a\r\nb')).toBe('"a\r\nb"');
    expect(formatCsv(['h'], [])).toBe('\ufeffh\r\n');
  });
});
