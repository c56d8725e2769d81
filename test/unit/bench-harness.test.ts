import { describe, expect, it } from 'vitest';
import { median, ratio } from '../../bench/harness';

describe('median', () => {
  it('takes the middle value of an odd-length list', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([7])).toBe(7);
  });

  it('averages the two middle values of an even-length list', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 6])).toBe(5.5);
  });

  it('sorts numerically, not as strings', () => {
    // Default Array#sort would order these as 10, 100, 9 and pick 100.
    expect(median([10, 9, 100])).toBe(10);
  });

  it('leaves the caller samples in measurement order', () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('throws on an empty list instead of returning NaN', () => {
    expect(() => median([])).toThrow(/empty/);
  });
});

describe('ratio', () => {
  it('is ours divided by baseline', () => {
    expect(ratio(150, 100)).toBe(1.5);
    expect(ratio(50, 200)).toBe(0.25);
    expect(ratio(0, 10)).toBe(0);
  });

  it('throws on a zero or non-finite baseline instead of reporting Infinity or NaN', () => {
    expect(() => ratio(1, 0)).toThrow();
    expect(() => ratio(Number.NaN, 1)).toThrow();
    expect(() => ratio(1, Number.POSITIVE_INFINITY)).toThrow();
  });
});
