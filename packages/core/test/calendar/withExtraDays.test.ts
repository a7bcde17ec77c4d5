import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { CalendarCodec, formatLocalDate, isCalendarInputError, isWorkingDay, withExtraDays } from '../../src/calendar/index.js';
import { BASE, DAY, beijing, calendarArb, china2026, dueAtRight } from './support/calendars.js';

const RUNS = { numRuns: 1000 };
const dayArb = fc.integer({ min: -20, max: 130 }).map((d) => formatLocalDate(BASE / DAY + d));

describe('given the national 2026 calendar', () => {
  describe('when a jurisdiction adds a local rest day on Thursday 5 November', () => {
    const kunming = withExtraDays(china2026, { id: 'cn-yn-kunming-2026', holidays: ['2026-11-05'] });

    it('then that day is not worked, the rest is unchanged, and the result is a valid calendar under its new id', () => {
      expect(isWorkingDay(kunming, '2026-11-05')).toBe(false);
      expect(isWorkingDay(kunming, '2026-11-06')).toBe(true);
      expect(isWorkingDay(kunming, '2026-10-10')).toBe(true);
      expect(kunming.id).toBe('cn-yn-kunming-2026');
      expect(CalendarCodec.is(kunming)).toBe(true);
      expect(china2026.holidays).not.toContain('2026-11-05');
    });

    it('then a 3-working-day period across it ends a day later', () => {
      const start = beijing('2026-11-02 10:00');
      expect(dueAtRight(china2026, start, { amount: 3, unit: 'workingDays' })).toBe(beijing('2026-11-06 00:00'));
      expect(dueAtRight(kunming, start, { amount: 3, unit: 'workingDays' })).toBe(beijing('2026-11-07 00:00'));
    });
  });

  it('when a jurisdiction works on national holiday 7 October, then it leaves the holiday list and joins the working days', () => {
    const local = withExtraDays(china2026, { workdays: ['2026-10-07'] });
    expect(isWorkingDay(local, '2026-10-07')).toBe(true);
    expect(local.holidays).not.toContain('2026-10-07');
    expect(local.workdays).toContain('2026-10-07');
    expect(local.id).toBe(china2026.id);
  });

  it('when a national make-up Saturday is declared a local rest day, then it leaves the working days', () => {
    const local = withExtraDays(china2026, { holidays: ['2026-10-10'] });
    expect(isWorkingDay(local, '2026-10-10')).toBe(false);
    expect(local.workdays).not.toContain('2026-10-10');
  });

  it('when the same day is given as both an extra holiday and an extra working day, then a CalendarInputError explains it', () => {
    let thrown: unknown;
    try {
      withExtraDays(china2026, { holidays: ['2026-11-05'], workdays: ['2026-11-05'] });
    } catch (e) {
      thrown = e;
    }
    expect(isCalendarInputError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/2026-11-05 is both a holiday and a make-up working day/);
  });

  it('when an extra day is not a real date, then a CalendarInputError names it', () => {
    expect(() => withExtraDays(china2026, { holidays: ['2026-11-31'] })).toThrow(/"2026-11-31" is not a real calendar date/);
  });
});

describe('withExtraDays laws', () => {
  it('for all calendars and extra days: valid sorted result, extras decide their days, every other day is unchanged', () => {
    fc.assert(
      fc.property(calendarArb, fc.uniqueArray(dayArb, { maxLength: 8 }), fc.uniqueArray(dayArb, { maxLength: 8 }), dayArb, (calendar, holidays, candidateWorkdays, probe) => {
        const workdays = candidateWorkdays.filter((d) => !holidays.includes(d));
        const result = withExtraDays(calendar, { holidays, workdays });
        expect(CalendarCodec.decode(result)).toEqual(E.right(result));
        expect(result.holidays).toEqual([...new Set(result.holidays)].sort());
        expect(result.workdays).toEqual([...new Set(result.workdays)].sort());
        for (const day of holidays) expect(isWorkingDay(result, day)).toBe(false);
        for (const day of workdays) expect(isWorkingDay(result, day)).toBe(true);
        if (!holidays.includes(probe) && !workdays.includes(probe)) {
          expect(isWorkingDay(result, probe)).toBe(isWorkingDay(calendar, probe));
        }
      }),
      RUNS,
    );
  });
});

describe('isWorkingDay laws', () => {
  it('for all calendars and days: listed make-up days work, listed holidays rest, other days follow Monday–Friday', () => {
    fc.assert(
      fc.property(calendarArb, dayArb, (calendar, day) => {
        const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
        const expected = calendar.workdays.includes(day) || (!calendar.holidays.includes(day) && weekday >= 1 && weekday <= 5);
        expect(isWorkingDay(calendar, day)).toBe(expected);
      }),
      RUNS,
    );
  });
});
