import { describe, expect, it } from 'vitest';
import { countedTime, countingStart, isCalendarInputError, isWorkingDay, type Calendar, type Duration } from '../../src/calendar/index.js';
import { HOUR, beijing, china2026, dueAtDetailRight, dueAtRight, pauseBeijing } from './support/calendars.js';

const days = (amount: number): Duration => ({ amount, unit: 'calendarDays' });
const workingDays = (amount: number): Duration => ({ amount, unit: 'workingDays' });
const workingHours = (amount: number): Duration => ({ amount, unit: 'workingHours' });

describe('given the 2026 mainland-China calendar (National Day 1–7 October, make-up days 20 September and 10 October)', () => {
  it('when asking which days are worked, then the holiday week is off and the make-up weekend days are on', () => {
    for (let d = 1; d <= 7; d++) expect(isWorkingDay(china2026, `2026-10-0${d}`)).toBe(false);
    expect(isWorkingDay(china2026, '2026-09-20')).toBe(true); // a Sunday, worked
    expect(isWorkingDay(china2026, '2026-10-10')).toBe(true); // a Saturday, worked
    expect(isWorkingDay(china2026, '2026-10-11')).toBe(false); // an ordinary Sunday
    expect(isWorkingDay(china2026, '2026-09-25')).toBe(false); // Mid-Autumn, a Friday
    expect(isWorkingDay(china2026, '2026-10-09')).toBe(true); // an ordinary Friday
  });

  describe('when a 3-day review period (calendar days) starts', () => {
    it('on Monday 28 September, then it would end on 1 October, a holiday, and moves to 24:00 on Thursday 8 October', () => {
      const detail = dueAtDetailRight(china2026, beijing('2026-09-28 10:00'), days(3));
      expect(detail.countingStartsAt).toBe(beijing('2026-09-29 00:00'));
      expect(detail.countedUntil).toBe(beijing('2026-10-02 00:00'));
      expect(detail.dueAt).toBe(beijing('2026-10-09 00:00'));
      expect(detail.dueAt).toBe('2026-10-08T16:00:00.000Z');
    });

    it('on Tuesday 22 September, then it would end on Mid-Autumn Friday 25 September and moves past the weekend to Monday 28', () => {
      expect(dueAtRight(china2026, beijing('2026-09-22 16:45'), days(3))).toBe(beijing('2026-09-29 00:00'));
    });

    it('on Wednesday 7 October, then it ends on make-up Saturday 10 October and stays there', () => {
      expect(dueAtRight(china2026, beijing('2026-10-07 09:00'), days(3))).toBe(beijing('2026-10-11 00:00'));
    });

    it('on Wednesday 11 November, then it would end on an ordinary Saturday and moves to Monday 16 November', () => {
      expect(dueAtRight(china2026, beijing('2026-11-11 23:59'), days(3))).toBe(beijing('2026-11-17 00:00'));
    });

    it('at 00:00 exactly, then that start day is still not counted', () => {
      expect(dueAtRight(china2026, beijing('2026-11-02 00:00'), days(3))).toBe(beijing('2026-11-06 00:00'));
    });
  });

  describe('when a notary accepts an application (15 working days, 公证法 Art 30)', () => {
    const accepted = beijing('2026-09-28 10:00');

    it('then the holiday week is skipped, make-up Saturday 10 October counts, and it is due at 24:00 on Friday 23 October', () => {
      expect(dueAtRight(china2026, accepted, workingDays(15))).toBe(beijing('2026-10-24 00:00'));
    });

    it('and verification pauses the clock for two whole working days, then it is due two working days later', () => {
      const pauses = [pauseBeijing('2026-10-12 00:00', '2026-10-14 00:00')];
      expect(dueAtRight(china2026, accepted, workingDays(15), pauses)).toBe(beijing('2026-10-28 00:00'));
    });

    it('and a pause covers only the holiday week, then nothing changes because no working day was paused', () => {
      const pauses = [pauseBeijing('2026-10-01 00:00', '2026-10-08 00:00')];
      expect(dueAtRight(china2026, accepted, workingDays(15), pauses)).toBe(beijing('2026-10-24 00:00'));
    });
  });

  describe('when a grid event must be handled within working hours (09:00–12:00, 13:00–17:00)', () => {
    it('4 h from Tuesday 11:00, then lunch is skipped and it is due at 16:00', () => {
      expect(dueAtRight(china2026, beijing('2026-09-29 11:00'), workingHours(4))).toBe(beijing('2026-09-29 16:00'));
    });

    it('4 h from Tuesday 16:00, then the night is skipped and it is due at the end of the next morning, 12:00 (not 13:00)', () => {
      expect(dueAtRight(china2026, beijing('2026-09-29 16:00'), workingHours(4))).toBe(beijing('2026-09-30 12:00'));
    });

    it('5 h from Wednesday 30 September 16:00, then night, holiday week and lunch are skipped: due Thursday 8 October 14:00', () => {
      expect(dueAtRight(china2026, beijing('2026-09-30 16:00'), workingHours(5))).toBe(beijing('2026-10-08 14:00'));
    });

    it('2 h reported on holiday Saturday 3 October, then counting begins at the next working morning', () => {
      expect(dueAtRight(china2026, beijing('2026-10-03 10:00'), workingHours(2))).toBe(beijing('2026-10-08 11:00'));
    });

    it('8 h from Monday 09:00 with a hearing 10:00–11:30, then the due time moves by the 1.5 working hours the hearing took', () => {
      const start = beijing('2026-11-02 09:00');
      expect(dueAtRight(china2026, start, workingHours(8))).toBe(beijing('2026-11-03 10:00'));
      const hearing = pauseBeijing('2026-11-02 10:00', '2026-11-02 11:30');
      expect(dueAtRight(china2026, start, workingHours(8), [hearing])).toBe(beijing('2026-11-03 11:30'));
    });

    it('a hearing held over lunch, then only its working-hour part shifts the due time', () => {
      const start = beijing('2026-11-02 09:00');
      const hearing = pauseBeijing('2026-11-02 11:00', '2026-11-02 14:00');
      expect(countedTime(china2026, 'workingHours', hearing.from, hearing.to)).toBe(2 * HOUR);
      expect(dueAtRight(china2026, start, workingHours(8), [hearing])).toBe(beijing('2026-11-03 12:00'));
    });
  });

  describe('when the clock is paused on calendar days', () => {
    const start = beijing('2026-11-02 10:00');

    it('for a hearing on the start day, before counting begins, then nothing changes', () => {
      expect(dueAtRight(china2026, start, days(3), [pauseBeijing('2026-11-02 14:00', '2026-11-02 17:00')])).toBe(beijing('2026-11-06 00:00'));
    });

    it('for a 3-hour hearing during the period, then the counted end moves 3 h and the deadline to 24:00 of that day', () => {
      const detail = dueAtDetailRight(china2026, start, days(3), [pauseBeijing('2026-11-04 14:00', '2026-11-04 17:00')]);
      expect(detail.countedUntil).toBe(beijing('2026-11-06 03:00'));
      expect(detail.dueAt).toBe(beijing('2026-11-07 00:00'));
    });

    it('for two overlapping pauses, then the overlap is left out only once', () => {
      const overlapping = [pauseBeijing('2026-11-03 00:00', '2026-11-04 12:00'), pauseBeijing('2026-11-04 00:00', '2026-11-05 00:00')];
      expect(dueAtDetailRight(china2026, start, days(3), overlapping).countedUntil).toBe(beijing('2026-11-08 00:00'));
      expect(dueAtRight(china2026, start, days(3), overlapping)).toBe(beijing('2026-11-10 00:00')); // 7 Nov is a Saturday
    });

    it('for a pause that is still open (ends before it starts), then it is ignored', () => {
      expect(dueAtRight(china2026, start, days(3), [{ from: beijing('2026-11-04 00:00'), to: beijing('2026-11-03 00:00') }])).toBe(beijing('2026-11-06 00:00'));
    });
  });

  describe('when the amount is 0', () => {
    it('then working hours are due at the start, working days at the next midnight, calendar days at the next working day’s end', () => {
      expect(dueAtRight(china2026, beijing('2026-10-03 10:00'), workingHours(0))).toBe(beijing('2026-10-03 10:00'));
      expect(dueAtRight(china2026, beijing('2026-10-03 10:00'), workingDays(0))).toBe(beijing('2026-10-04 00:00'));
      expect(dueAtRight(china2026, beijing('2026-10-03 10:00'), days(0))).toBe(beijing('2026-10-09 00:00'));
      expect(dueAtRight(china2026, beijing('2026-10-09 10:00'), days(0))).toBe(beijing('2026-10-10 00:00'));
    });
  });

  it('when counting start is asked, then it is the start itself for working hours and the next local midnight for days', () => {
    expect(countingStart(china2026, 'workingHours', '2026-11-02T17:00:00.000Z')).toBe('2026-11-02T17:00:00.000Z');
    expect(countingStart(china2026, 'workingDays', '2026-11-02T17:00:00.000Z')).toBe(beijing('2026-11-04 00:00'));
    expect(countingStart(china2026, 'calendarDays', '2026-11-02T15:59:59.999Z')).toBe(beijing('2026-11-03 00:00'));
  });
});

describe('given the same dates in a calendar at UTC', () => {
  const utc: Calendar = { ...china2026, id: 'utc', utcOffsetMinutes: 0 };

  it('when a period starts at 17:00 UTC on 2 November, then the start day is 2 November in UTC but 3 November in Beijing', () => {
    expect(dueAtRight(utc, '2026-11-02T17:00:00.000Z', days(1))).toBe('2026-11-04T00:00:00.000Z');
    expect(dueAtRight(china2026, '2026-11-02T17:00:00.000Z', days(1))).toBe(beijing('2026-11-05 00:00'));
  });
});

describe('counted time', () => {
  it('given an ordinary working Tuesday, then it counts 24 h of working day, 7 h of working hours and 24 h of calendar time', () => {
    const [from, to] = [beijing('2026-09-29 00:00'), beijing('2026-09-30 00:00')];
    expect(countedTime(china2026, 'calendarDays', from, to)).toBe(24 * HOUR);
    expect(countedTime(china2026, 'workingDays', from, to)).toBe(24 * HOUR);
    expect(countedTime(china2026, 'workingHours', from, to)).toBe(7 * HOUR);
  });

  it('given the holiday week, then no working time is counted; and an empty or reversed range counts nothing', () => {
    const [from, to] = [beijing('2026-10-01 00:00'), beijing('2026-10-08 00:00')];
    expect(countedTime(china2026, 'workingDays', from, to)).toBe(0);
    expect(countedTime(china2026, 'workingHours', from, to)).toBe(0);
    expect(countedTime(china2026, 'calendarDays', from, to)).toBe(7 * 24 * HOUR);
    expect(countedTime(china2026, 'calendarDays', to, from)).toBe(0);
  });

  it('given a range from mid-morning to mid-afternoon, then only the working part of it counts', () => {
    expect(countedTime(china2026, 'workingHours', beijing('2026-09-29 10:30'), beijing('2026-09-29 14:15'))).toBe(2.75 * HOUR);
  });
});

describe('bad input to the arithmetic', () => {
  it('given a malformed start, then a CalendarInputError names the argument', () => {
    const error = (() => {
      try {
        dueAtRight(china2026, '2026-10-01 10:00', days(1));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isCalendarInputError(error)).toBe(true);
    expect(isCalendarInputError(new Error('x'))).toBe(false);
    expect((error as Error).message).toBe('start: expected an ISO-8601 UTC instant like 2026-10-01T08:30:00.000Z, got "2026-10-01 10:00"');
  });

  it('given a bad pause, an impossible date, a bad duration or an undecodable calendar, then each throws a CalendarInputError', () => {
    const start = beijing('2026-11-02 10:00');
    expect(() => dueAtRight(china2026, start, days(1), [{ from: start, to: '2026-02-30T00:00:00Z' }])).toThrow(/^pauses\[0\]\.to: /);
    expect(() => isWorkingDay(china2026, '2026-02-30')).toThrow('date: "2026-02-30" is not a real calendar date');
    expect(() => dueAtRight(china2026, start, { amount: -1, unit: 'calendarDays' })).toThrow(/^duration\.amount: /);
    expect(() => dueAtRight(china2026, start, { amount: 1.5, unit: 'workingDays' })).toThrow(/^duration\.amount: /);
    expect(() => dueAtRight(china2026, start, { amount: 1, unit: 'weeks' as 'calendarDays' })).toThrow(/^duration\.unit: /);
    expect(() => dueAtRight({ ...china2026, workingHours: [] }, start, workingHours(1))).toThrow('calendar: workingHours: at least one working period is needed, e.g. 09:00-17:00');
    expect(() => countedTime(china2026, 'workingHours', start, 'tomorrow')).toThrow(/^to: /);
  });
});
