import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import type { OrgUnit } from '../../shared/org/org-unit';
import {
  cleanCodeText,
  findRosterHeader,
  mapRosterHeader,
  normalizeDateText,
  parseVillageKind,
} from '../../shared/org/roster-columns';
import { checkRosterRows, maxRosterRows, planRoster } from '../../shared/org/roster-rows';

const english = ['code', 'name', 'level', 'parentCode', 'validFrom'];
const chinese = ['区划代码', '名称', '级别', '上级代码', '成立日期'];

describe('roster header', () => {
  it('maps English headers case-insensitively and ignores extra columns', () => {
    expect(mapRosterHeader(english).index).toEqual({
      code: 0,
      name: 1,
      level: 2,
      parentCode: 3,
      validFrom: 4,
    });
    const h = mapRosterHeader([' Code ', 'NAME', 'remark', 'Level', 'parentcode']);
    expect(h.index).toEqual({ code: 0, name: 1, level: 3, parentCode: 4 });
    expect(h.missing).toEqual([]);
    expect(h.label.code).toBe('Code');
    expect(h.label.validFrom).toBe('成立日期');
  });

  it('maps Chinese headers and their synonyms, full-width brackets too', () => {
    expect(mapRosterHeader(chinese).index).toEqual({
      code: 0,
      name: 1,
      level: 2,
      parentCode: 3,
      validFrom: 4,
    });
    const h = mapRosterHeader([
      '统计用区划代码',
      '村（居）名称',
      '类型',
      '上级区划代码',
      '启用日期',
      '户籍人口',
    ]);
    expect(h.index).toEqual({ code: 0, name: 1, level: 2, parentCode: 3, validFrom: 4 });
    expect(h.label.name).toBe('村（居）名称');
    expect(mapRosterHeader(['代码', '村(居)名称', '级别', '上级代码', '生效日期']).missing).toEqual([]);
  });

  it('finds the header below a title row and keeps absolute row numbers', () => {
    const rows = [['东临溪镇村（居）名单'], [], chinese, ['341022104212', '新村', '村', '341022104', '']];
    expect(findRosterHeader(rows).row).toBe(3);
  });

  it('names every missing required column (400 import.columns_missing)', () => {
    try {
      findRosterHeader([['区划代码', '名称', '备注']]);
      expect.unreachable();
    } catch (err) {
      expect(AppError.is(err, 'import.columns_missing')).toBe(true);
      expect((err as AppError).status).toBe(400);
      expect((err as AppError).details).toEqual({ missing: ['level', 'parentCode'] });
      expect((err as AppError).message).toContain('级别（level）、上级代码（parentCode）');
    }
    expect(() => findRosterHeader([])).toThrow(/缺少列/);
  });
});

describe('roster cells', () => {
  it('reads levels in English and Chinese', () => {
    expect(['village', 'Village', '村', '村委会', ' 行政村 '].map(parseVillageKind)).toEqual(
      Array(5).fill('village'),
    );
    expect(['community', '社区', '居', '居委会'].map(parseVillageKind)).toEqual(Array(4).fill('community'));
    expect(['镇', '', 'town'].map(parseVillageKind)).toEqual([undefined, undefined, undefined]);
  });

  it('normalizes dates as Excel and WPS write them into a CSV', () => {
    expect(normalizeDateText('2023/6/10')).toBe('2023-06-10');
    expect(normalizeDateText('2023-6-1')).toBe('2023-06-01');
    expect(normalizeDateText('2023.06.10')).toBe('2023-06-10');
    expect(normalizeDateText('2023年6月10日')).toBe('2023-06-10');
    expect(normalizeDateText('2023/6/10 0:00')).toBe('2023-06-10');
    expect(normalizeDateText(' 10/6/2023 ')).toBe('10/6/2023');
  });

  it('cleans codes that spreadsheets kept as text', () => {
    expect(cleanCodeText('="341022104204"')).toBe('341022104204');
    expect(cleanCodeText("'341022104204")).toBe('341022104204');
    expect(cleanCodeText('341022104204.0')).toBe('341022104204');
    expect(cleanCodeText(' 3410 22104204 ')).toBe('3410 22104204');
  });
});

const header = findRosterHeader([chinese]);
const check = (rows: string[][], scope = '34') => checkRosterRows([chinese, ...rows], header, scope);
const good = ['341022104212', '新村', '村', '341022104', '2023-06-10'];

describe('checkRosterRows', () => {
  it('passes good rows and names their townships', () => {
    const out = check([good, ['341022105201', '溪口社区', '社区', '341022105', '']]);
    expect(out.issues).toEqual([]);
    expect(out.candidates).toEqual([
      {
        row: 2,
        code: '341022104212',
        name: '新村',
        kind: 'village',
        parentCode: '341022104',
        validFrom: '2023-06-10',
      },
      { row: 3, code: '341022105201', name: '溪口社区', kind: 'community', parentCode: '341022105' },
    ]);
    expect([...out.townshipRows]).toEqual([
      ['341022104', [2]],
      ['341022105', [3]],
    ]);
  });

  it('lists every problem with the row number Excel shows and the column header', () => {
    const out = check([
      ['', '', '', '', ''],
      ['34102210421', '甲村', '村', '341022104', ''],
      ['3.41022E+11', '乙村', '村', '341022104', ''],
      ['341022104', '丙镇', '镇', '341022', ''],
      ['341022104213', '', '', '', '2023-02-30'],
      ['341022104214', '丁'.repeat(61), '村', '341022105', ''],
      ['341022104212', '新村', '村', '341022104', ''],
      good,
    ]);
    const by = (row: number) =>
      out.issues.filter((i) => i.row === row).map((i) => `${i.column}: ${i.message}`);
    expect(by(2)).toEqual([]);
    expect(by(3)).toEqual(['区划代码: 区划代码应为 12 位数字，本行为“34102210421”']);
    expect(by(4)[0]).toContain('科学计数法');
    expect(by(5)).toEqual([
      '区划代码: “341022104”是乡镇代码；这里导入村（居），代码应为 12 位数字',
      '级别: 级别应为 村 或 社区（village / community），本行为“镇”',
      '上级代码: 上级代码应为 9 位乡镇代码，本行为“341022”',
    ]);
    expect(by(6)).toEqual([
      '名称: 请填写名称',
      '级别: 请填写级别：村 或 社区',
      '上级代码: 请填写上级代码（所属乡镇的 9 位代码）',
      '成立日期: 成立日期应为有效日期，如 2023-06-10，本行为“2023-02-30”',
    ]);
    expect(by(7)).toEqual([
      '名称: 名称最多 60 个字，本行有 61 个字',
      '上级代码: 上级代码应为本行区划代码的前 9 位 341022104，本行为“341022105”',
    ]);
    expect(by(9)).toEqual(['区划代码: 区划代码 341022104212 与第 8 行重复']);
    expect(out.candidates.map((c) => c.row)).toEqual([8]);
  });

  it('refuses names with path separators, invisible or direction characters, or only dots', () => {
    const unsafe = [
      '../../../../../tmp/x',
      'C:\\Users\\Public\\x',
      '溪头/下村',
      '溪头\u0000村',
      '溪头\t村',
      '溪头\n村',
      '溪头\u202e村',
      '溪头\u2066村',
      '溪头\u200f村',
      '溪头\u200b村',
    ];
    const rows = [...unsafe, '..', '...', '溪头村.', '溪头·新村'].map((name, i) => [
      `3410221042${String(20 + i)}`,
      name,
      '村',
      '341022104',
      '',
    ]);
    const out = check(rows);
    const message = '名称不能包含 / \\ 等符号或不可见字符';
    expect(out.issues).toEqual([
      ...unsafe.map((_, i) => ({ row: i + 2, column: '名称', message })),
      { row: 12, column: '名称', message: '名称不能只由“.”组成，本行为“..”' },
      { row: 13, column: '名称', message: '名称不能只由“.”组成，本行为“...”' },
    ]);
    // A dot or a middle dot inside a name is fine.
    expect(out.candidates.map((c) => c.name)).toEqual(['溪头村.', '溪头·新村']);
  });

  it('refuses townships outside the scope without naming them for reading', () => {
    const out = check([good, ['341022105201', '溪口村', '村', '341022105', '']], '341022104');
    expect(out.issues).toEqual([
      { row: 3, column: '上级代码', message: '所属乡镇 341022105 不在您的管辖范围内' },
    ]);
    expect([...out.townshipRows.keys()]).toEqual(['341022104']);
  });

  it('needs at least one data row and at most the limit', () => {
    expect(check([]).issues).toEqual([
      { row: 2, column: '', message: expect.stringContaining('没有数据行') },
    ]);
    const many = Array.from({ length: maxRosterRows + 1 }, (_, i) => [
      `341022104${String(i % 1000).padStart(3, '0')}`,
      '村',
      '村',
      '341022104',
      '',
    ]);
    const out = check(many);
    expect(out.issues).toEqual([
      { row: maxRosterRows + 2, column: '', message: expect.stringContaining('5000') },
    ]);
    expect(out.candidates).toEqual([]);
  });
});

describe('planRoster', () => {
  const township: OrgUnit = { code: '341022104', name: '东临溪镇', level: 'township', parentCode: '341022' };
  const stored = (u: Partial<OrgUnit> & { code: string; name: string }): OrgUnit => ({
    level: 'village',
    parentCode: '341022104',
    ...u,
  });
  const retired = { from: '2024-03-01', reason: '合并', by: 'admin', at: '2024-02-01T00:00:00.000Z' };
  const existing = new Map([
    [
      '341022104',
      [
        township,
        stored({ code: '341022104201', name: '临溪村', kind: 'village' }),
        stored({ code: '341022104202', name: '芳口村', kind: 'village', validFrom: '2020-01-01' }),
        stored({ code: '341022104203', name: '一心村', kind: 'village', illustrative: true }),
        stored({ code: '341022104204', name: '小阜村', kind: 'village', retired }),
      ],
    ],
  ]);
  const rows = [
    good,
    ['341022104201', '临溪村', '村', '341022104', ''],
    ['341022104202', '芳口村', '社区', '341022104', '2020-01-01'],
    ['341022104203', '一心村', '村', '341022104', ''],
    ['341022104204', '小阜村（新）', '村', '341022104', ''],
    ['341022199201', '某村', '村', '341022199', ''],
  ];

  it('says create, update or unchanged per row; keeps retirements, drops illustrative', () => {
    const checked = check(rows);
    expect(checked.issues).toEqual([]);
    const plan = planRoster(checked, existing, header);
    expect(plan.issues).toEqual([
      { row: 7, column: '上级代码', message: expect.stringContaining('341022199 不在名册中') },
    ]);
    expect(plan.changes.map((c) => [c.row, c.action])).toEqual([
      [2, 'create'],
      [3, 'unchanged'],
      [4, 'update'],
      [5, 'update'],
      [6, 'update'],
    ]);
    expect(plan.changes[2]?.before).toEqual({ name: '芳口村', kind: 'village', validFrom: '2020-01-01' });
    expect(plan.changes[3]?.before).toEqual({ name: '一心村', kind: 'village', illustrative: true });
    expect(plan.writes.map((u) => u.code)).toEqual([
      '341022104212',
      '341022104202',
      '341022104203',
      '341022104204',
    ]);
    expect(plan.writes.find((u) => u.code === '341022104203')?.illustrative).toBeUndefined();
    expect(plan.writes.find((u) => u.code === '341022104204')).toEqual({
      code: '341022104204',
      name: '小阜村（新）',
      level: 'village',
      parentCode: '341022104',
      kind: 'village',
      retired,
    });
  });

  it('reports a missing township for every row naming it, even rows with other problems', () => {
    const checked = check([
      ['341022199201', '', '村', '341022199', ''],
      ['341022199202', '某村', '村', '341022199', ''],
    ]);
    const plan = planRoster(checked, new Map([['341022199', []]]), header);
    expect(plan.issues.map((i) => i.row)).toEqual([2, 3]);
    expect(plan.writes).toEqual([]);
  });
});
