import { describe, expect, it } from 'vitest';
import { hoursByDay, workedHours } from '../../server/domain/shift-days';

const shift = (startedAt: string, endedAt: string | null, timeZone: string, breaks: Array<[string, string | null]> = []) => ({
  startedAt: new Date(startedAt),
  endedAt: endedAt ? new Date(endedAt) : null,
  timeZone,
  breaks: breaks.map(([start, end]) => ({ startedAt: start, endedAt: end })),
});

describe('a shift split into local days', () => {
  it('cuts at midnight of the shift zone, not of UTC', () => {
    // 6 pm to 2 am in Tokyo (UTC+9) is 09:00 to 17:00 UTC: one UTC day, two Tokyo days.
    expect(hoursByDay(shift('2026-05-04T09:00:00Z', '2026-05-04T17:00:00Z', 'Asia/Tokyo'))).toEqual([
      { date: '2026-05-04', hours: 6 },
      { date: '2026-05-05', hours: 2 },
    ]);
    expect(hoursByDay(shift('2026-05-04T09:00:00Z', '2026-05-04T17:00:00Z', 'UTC'))).toEqual([{ date: '2026-05-04', hours: 8 }]);
  });

  it('subtracts a break that itself crosses midnight from both days', () => {
    const night = shift('2026-05-04T20:00:00Z', '2026-05-05T04:00:00Z', 'UTC', [['2026-05-04T23:30:00Z', '2026-05-05T00:30:00Z']]);
    expect(hoursByDay(night)).toEqual([
      { date: '2026-05-04', hours: 3.5 },
      { date: '2026-05-05', hours: 3.5 },
    ]);
    expect(workedHours(night)).toBe(7);
  });

  it('gives the spring-forward day its 23 hours and the fall-back day its 25', () => {
    // Berlin, 29 March 2026: 2 am became 3 am. Midnight to midnight is 23 real hours.
    expect(hoursByDay(shift('2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z', 'Europe/Berlin'))).toEqual([{ date: '2026-03-29', hours: 23 }]);
    // Berlin, 25 October 2026: 3 am became 2 am again: 25 real hours, more than a day's entry may hold.
    expect(hoursByDay(shift('2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z', 'Europe/Berlin'))).toEqual([{ date: '2026-10-25', hours: 25 }]);
    // New York, 1 November 2026, 10 pm EDT to 6 am EST: 9 real hours, 7 on Sunday.
    expect(hoursByDay(shift('2026-11-01T02:00:00Z', '2026-11-01T11:00:00Z', 'America/New_York'))).toEqual([
      { date: '2026-10-31', hours: 2 },
      { date: '2026-11-01', hours: 7 },
    ]);
  });

  it('measures an open shift and a running break up to the time asked, and spreads a forgotten shift over its days', () => {
    const open = shift('2026-05-04T08:00:00Z', null, 'UTC', [['2026-05-04T12:00:00Z', null]]);
    expect(hoursByDay(open, new Date('2026-05-04T12:30:00Z'))).toEqual([{ date: '2026-05-04', hours: 4 }]);
    expect(hoursByDay(shift('2026-05-04T08:00:00Z', '2026-05-06T10:00:00Z', 'UTC'))).toEqual([
      { date: '2026-05-04', hours: 16 },
      { date: '2026-05-05', hours: 24 },
      { date: '2026-05-06', hours: 10 },
    ]);
  });

  it('leaves out a day with less than 36 seconds worked', () => {
    expect(hoursByDay(shift('2026-05-04T23:59:50Z', '2026-05-05T01:00:00Z', 'UTC'))).toEqual([{ date: '2026-05-05', hours: 1 }]);
  });
});
