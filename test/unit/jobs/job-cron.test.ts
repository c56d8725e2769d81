import { describe, expect, it } from 'vitest';
import { everyMinutesCron, everyMinutesPattern } from '../../../shared/app/jobs/job-cron';

describe('everyMinutesCron', () => {
  it('steps minutes below an hour, hours below a day, and midnight for a day', () => {
    expect(everyMinutesCron(1)).toEqual({ minute: '*', hour: '*' });
    expect(everyMinutesCron(5)).toEqual({ minute: '*/5', hour: '*' });
    expect(everyMinutesCron(59)).toEqual({ minute: '*/59', hour: '*' });
    expect(everyMinutesCron(60)).toEqual({ minute: '0', hour: '*' });
    expect(everyMinutesCron(180)).toEqual({ minute: '0', hour: '*/3' });
    expect(everyMinutesCron(1440)).toEqual({ minute: '0', hour: '0' });
    expect(everyMinutesPattern(15)).toBe('*/15 * * * *');
  });

  it('refuses what no clock-aligned cron can say, in Chinese', () => {
    for (const n of [0, -1, 1.5, 90, 1500, 2880, Number.NaN]) {
      expect(() => everyMinutesCron(n), String(n)).toThrow(RangeError);
    }
    expect(() => everyMinutesCron(90)).toThrow(/无法按“每 90 分钟”定时/);
  });
});
