import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meetsTarget, requiredStandardized, shortfall } from '../../../shared/programme/targets';

describe('requiredStandardized', () => {
  it.each([
    [12, 0.65, 8],
    [12, 0.68, 9],
    [12, 0.7, 9],
    [100, 0.7, 71],
    [100, 0.65, 66],
    [20, 0.65, 14],
    [20, 0.7, 15],
    [1, 0.65, 1],
    [3, 0, 1],
    [0, 0.65, 0],
  ])('%i units at more than %f need %i', (total, rate, needed) => {
    expect(requiredStandardized(total, rate)).toBe(needed);
  });

  it('is the smallest n with n / total strictly above the rate (exact rational check)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 999 }),
        (total, permille) => {
          const rate = permille / 1000;
          const n = requiredStandardized(total, rate);
          // n / total > permille / 1000 ⇔ 1000 n > permille · total, all in integers.
          expect(1000 * n > permille * total).toBe(true);
          expect(1000 * (n - 1) > permille * total).toBe(false);
          expect(n).toBeLessThanOrEqual(total);
        },
      ),
    );
  });

  it('rejects impossible inputs', () => {
    expect(() => requiredStandardized(-1, 0.65)).toThrow(RangeError);
    expect(() => requiredStandardized(1.5, 0.65)).toThrow(RangeError);
    expect(() => requiredStandardized(10, 1)).toThrow(RangeError);
    expect(() => requiredStandardized(10, 0.9999999)).toThrow(RangeError);
    expect(() => requiredStandardized(10, Number.NaN)).toThrow(RangeError);
  });
});

describe('meetsTarget', () => {
  it.each([
    [8, 12, 0.65, true],
    [7, 12, 0.65, false],
    [8, 12, 0.68, false],
    [9, 12, 0.7, true],
    [70, 100, 0.7, false],
    [71, 100, 0.7, true],
    [13, 20, 0.65, false],
    [0, 0, 0.65, false],
  ])('%i of %i at more than %f → %s', (standardized, total, rate, met) => {
    expect(meetsTarget(standardized, total, rate)).toBe(met);
  });

  it('agrees with requiredStandardized and shortfall', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        fc.nat(),
        (total, rate, k) => {
          const standardized = k % (total + 1);
          const met = meetsTarget(standardized, total, rate);
          expect(met).toBe(standardized >= requiredStandardized(total, rate));
          expect(shortfall(standardized, total, rate) === 0).toBe(met);
        },
      ),
    );
  });

  it('rejects more standardized units than units', () => {
    expect(() => meetsTarget(13, 12, 0.65)).toThrow(RangeError);
  });
});
