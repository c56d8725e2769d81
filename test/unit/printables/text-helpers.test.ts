import { describe, expect, it } from 'vitest';
import { chinaDateText, chinaDateTimeText, chinaIsoDate } from '../../../shared/lib/china-time';
import { breakUrl } from '../../../shared/printables/break-url';

// Every character one unit wide: a line of width 10 holds 10 characters.
const monospace = (s: string) => Array.from(s).length;

describe('breakUrl', () => {
  it('keeps a short link on one line', () => {
    expect(breakUrl('https://a.cn/f/x', 40, monospace)).toEqual(['https://a.cn/f/x']);
  });

  it('breaks after / ? & = . - _ # in the second half of a line, else where the line is full', () => {
    expect(breakUrl('https://example.org/f/AbCdEf123456.xyz', 16, monospace)).toEqual([
      'https://example.',
      'org/f/AbCdEf1234',
      '56.xyz',
    ]);
    expect(breakUrl('https://example.org/f/AbCdEf123456.xyz', 24, monospace)).toEqual([
      'https://example.org/f/',
      'AbCdEf123456.xyz',
    ]);
    expect(breakUrl('abcdefghijklmnopqrstuvwxyz', 10, monospace)).toEqual([
      'abcdefghij',
      'klmnopqrst',
      'uvwxyz',
    ]);
    // A break character in the first half of a line would leave it too short: cut at the width.
    expect(breakUrl('ab/cdefghijklmn', 10, monospace)).toEqual(['ab/cdefghi', 'jklmn']);
  });

  it('joins back to the link, every line within the width, for any width', () => {
    const url = 'https://example.org/f/AbCdEf123456.xyzQ-w_E?r=t&y=u#i';
    for (let width = 1; width <= url.length + 1; width++) {
      const lines = breakUrl(url, width, monospace);
      expect(lines.join('')).toBe(url);
      for (const line of lines) expect(monospace(line)).toBeLessThanOrEqual(Math.max(1, width));
    }
  });
});

describe('China time', () => {
  it('shows the calendar date and minute at UTC+8, whatever the server zone', () => {
    expect(chinaIsoDate('2023-12-31T15:59:59Z')).toBe('2023-12-31');
    expect(chinaIsoDate('2023-12-31T16:00:00Z')).toBe('2024-01-01');
    expect(chinaIsoDate(new Date('2023-06-09T16:00:00Z'))).toBe('2023-06-10');
    expect(chinaDateText('2023-06-09T16:00:00Z')).toBe('2023年6月10日');
    expect(chinaDateTimeText('2023-06-18T15:59:00.000Z')).toBe('2023年6月18日 23:59');
    expect(chinaDateTimeText('2023-06-18T08:00:00+08:00')).toBe('2023年6月18日 08:00');
  });

  it('rejects what is not a date', () => {
    expect(() => chinaIsoDate('next week')).toThrow(RangeError);
  });
});
