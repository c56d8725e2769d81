import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { divisionsCsvPath } from '../../bin/local-stack';
import { csvRecords, parseCsv } from '../../shared/lib/csv-read';
import { demoOrgUnits } from '../../shared/org/demo-units';
import { orgUnitSchema } from '../../shared/org/org-unit';

describe('parseCsv', () => {
  it('handles quotes, doubled quotes, CRLF, a BOM and blank lines', () => {
    const text = '\ufeffa,b,c\r\n"x, y","say ""hi""",3\r\n\r\n"multi\nline",,\n';
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', '3'],
      ['multi\nline', '', ''],
    ]);
  });

  it('maps records by header and names missing columns in Chinese', () => {
    expect(csvRecords('code,name\n34,安徽省\n', ['code', 'name'])).toEqual([
      { line: 2, record: { code: '34', name: '安徽省' } },
    ]);
    expect(() => csvRecords('code\n34\n', ['code', 'name', 'level'])).toThrow(/缺少列：name、level/);
  });
});

describe('demo organisation', async () => {
  const units = demoOrgUnits(await readFile(divisionsCsvPath, 'utf8'));
  const byParent = (code: string) => units.filter((u) => u.parentCode === code);

  it('holds the province, the city, 7 counties and 109 townships with official codes', () => {
    expect(units.filter((u) => u.level === 'province').map((u) => u.name)).toEqual(['安徽省']);
    expect(byParent('34').map((u) => u.name)).toEqual(['黄山市']);
    expect(byParent('3410')).toHaveLength(7);
    expect(units.filter((u) => u.level === 'township')).toHaveLength(109);
    expect(units.filter((u) => u.level !== 'village').every((u) => !u.illustrative)).toBe(true);
  });

  it('has the 12 units of 东临溪镇 and 示例 villages elsewhere in 休宁县, all valid and unique', () => {
    expect(byParent('341022104')).toHaveLength(12);
    const others = byParent('341022').filter((t) => t.code !== '341022104');
    expect(others).toHaveLength(20);
    for (const t of others) {
      const villages = byParent(t.code);
      expect(villages.length).toBeGreaterThanOrEqual(2);
      expect(villages.every((v) => v.illustrative && v.name.includes('示例'))).toBe(true);
    }
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
    for (const u of units) expect(orgUnitSchema.safeParse(u).success).toBe(true);
  });
});
