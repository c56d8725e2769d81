import { describe, expect, it } from 'vitest';
import { orgUnitSchema } from '../../shared/org/org-unit';
import { inRosterOn } from '../../shared/org/roster';

const village = { code: '341022104204', name: '小阜村', level: 'village', parentCode: '341022104' } as const;
const retirement = {
  from: '2024-03-01',
  reason: '与大阜村合并',
  mergedInto: '341022104211',
  by: 'admin',
  at: '2024-02-20T02:00:00.000Z',
};

describe('inRosterOn', () => {
  it('counts a village without dates on every day', () => {
    expect(inRosterOn({}, '1990-01-01')).toBe(true);
    expect(inRosterOn({}, '2099-12-31')).toBe(true);
  });

  it('counts from validFrom (that day included)', () => {
    const unit = { validFrom: '2023-06-10' };
    expect(inRosterOn(unit, '2023-06-09')).toBe(false);
    expect(inRosterOn(unit, '2023-06-10')).toBe(true);
    expect(inRosterOn(unit, '2023-12-31')).toBe(true);
  });

  it('stops on the retirement date (that day excluded), earlier days still count', () => {
    const unit = { retired: retirement };
    expect(inRosterOn(unit, '2023-12-31')).toBe(true);
    expect(inRosterOn(unit, '2024-02-29')).toBe(true);
    expect(inRosterOn(unit, '2024-03-01')).toBe(false);
    expect(inRosterOn(unit, '2025-01-01')).toBe(false);
  });

  it('combines both bounds', () => {
    const unit = { validFrom: '2023-01-01', retired: retirement };
    expect(['2022-12-31', '2023-01-01', '2024-02-29', '2024-03-01'].map((d) => inRosterOn(unit, d))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });
});

describe('org unit schema: the dated roster', () => {
  it('accepts a village with kind, validFrom and a retirement', () => {
    const unit = { ...village, kind: 'village', validFrom: '2023-06-10', retired: retirement };
    expect(orgUnitSchema.parse(unit)).toEqual(unit);
  });

  it('rejects kind, dates or a retirement on a township', () => {
    const township = { code: '341022104', name: '东临溪镇', level: 'township', parentCode: '341022' };
    expect(orgUnitSchema.safeParse(township).success).toBe(true);
    for (const extra of [{ kind: 'village' }, { validFrom: '2023-06-10' }, { retired: retirement }]) {
      expect(orgUnitSchema.safeParse({ ...township, ...extra }).success).toBe(false);
    }
  });

  it('rejects bad dates, kinds, reasons and a merger into itself', () => {
    const bad = [
      { kind: 'town' },
      { validFrom: '2023-02-30' },
      { validFrom: '2023/06/10' },
      { retired: { ...retirement, from: '2024-13-01' } },
      { retired: { ...retirement, reason: '  ' } },
      { retired: { ...retirement, reason: '因'.repeat(201) } },
      { retired: { ...retirement, mergedInto: '341022104' } },
      { retired: { ...retirement, mergedInto: village.code } },
      { retired: { ...retirement, at: 'yesterday' } },
    ];
    for (const extra of bad) expect(orgUnitSchema.safeParse({ ...village, ...extra }).success).toBe(false);
    expect(
      orgUnitSchema.safeParse({ ...village, retired: { ...retirement, reason: '因'.repeat(200) } }).success,
    ).toBe(true);
  });
});
