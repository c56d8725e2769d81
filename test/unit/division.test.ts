import { describe, expect, it } from 'vitest';
import { isWithinScope, levelOfCode, parentCodeOf } from '../../shared/org/division';
import { orgUnitSchema } from '../../shared/org/org-unit';
import { assertInScope } from '../../shared/org/scope';

const township = { username: 'dlx', role: 'township' as const, scope: '341022104' };

describe('division codes', () => {
  it.each([
    ['34', 'province', undefined],
    ['3410', 'city', '34'],
    ['341022', 'county', '3410'],
    ['341022104', 'township', '341022'],
    ['341022104204', 'village', '341022104'],
  ])('%s is a %s with parent %s', (code, level, parent) => {
    expect(levelOfCode(code)).toBe(level);
    expect(parentCodeOf(code)).toBe(parent);
  });

  it.each(['', '3', '341', '34102210', '3410221042', 'abcdef', '34 10', '3410221042041'])(
    '%j is not a code',
    (code) => {
      expect(levelOfCode(code)).toBeUndefined();
    },
  );

  it('scope is a prefix test', () => {
    expect(isWithinScope('341022104', '341022104204')).toBe(true);
    expect(isWithinScope('341022104', '341022104')).toBe(true);
    expect(isWithinScope('341022104', '341022105201')).toBe(false);
    expect(isWithinScope('341022104', '341022')).toBe(false);
  });

  it('assertInScope rejects bad codes before scope, and out-of-scope codes with 403', () => {
    expect(() => assertInScope(township, '34102')).toThrow(
      expect.objectContaining({ code: 'org.code_invalid' }),
    );
    expect(() => assertInScope(township, '341022')).toThrow(
      expect.objectContaining({ code: 'auth.out_of_scope', status: 403 }),
    );
    expect(() => assertInScope(township, '341022104001')).not.toThrow();
  });

  it('an org unit must agree with its code on level and parent', () => {
    const ok = { code: '341022104204', name: '小阜村', level: 'village', parentCode: '341022104' };
    expect(orgUnitSchema.safeParse(ok).success).toBe(true);
    expect(orgUnitSchema.safeParse({ ...ok, level: 'township' }).success).toBe(false);
    expect(orgUnitSchema.safeParse({ ...ok, parentCode: '341022105' }).success).toBe(false);
    expect(orgUnitSchema.safeParse({ ...ok, name: '  ' }).success).toBe(false);
  });
});
