import { describe, expect, it } from 'vitest';
import { chinaDateText, chinaDateTimeText, chinaIsoDate } from '../../../shared/lib/china-time';

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
