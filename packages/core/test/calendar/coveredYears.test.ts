import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { CalendarCodec, HolidayYearCodec, dueAt, dueAtDetail, formatInstant, isCalendarInputError, toCalendar, withHolidayYear, type Calendar, type Duration } from '../../src/calendar/index.js';
import { DAY, beijing, china2026 } from './support/calendars.js';

const RUNS = { numRuns: 1000 };

/** The 2026 calendar saying what it knows: 2026 only. */
const only2026: Calendar = toCalendar({ ...china2026, coveredYears: [2026] });

/** New Year's Day 2027 as a supplied table (元旦 is a statutory holiday every year; the rest of the 2027 notice is left out here). */
const newYear2027 = { year: 2027, holidays: ['2027-01-01'], workdays: [] };

const workingDays = (amount: number): Duration => ({ amount, unit: 'workingDays' });

describe('given a calendar that covers 2026 only', () => {
  it('when a deadline reaches 2027, then it is refused as HolidayDataMissing naming 2027, not dated as if 元旦 were worked', () => {
    // From Wednesday 30 December: 31 Dec, 1 Jan, 4 Jan counted as ordinary weekdays would give 24:00 on 4 January.
    expect(dueAt(china2026, beijing('2026-12-30 10:00'), workingDays(3))).toEqual(E.right(beijing('2027-01-05 00:00')));
    const refused = dueAt(only2026, beijing('2026-12-30 10:00'), workingDays(3));
    expect(refused).toEqual(
      E.left({
        code: 'HolidayDataMissing',
        calendar: 'cn-2026',
        years: [2027],
        coveredYears: [2026],
        message:
          "Calendar cn-2026 has no holiday data for 2027 (it covers 2026), so the deadline cannot be computed; supply that year's holidays and make-up working days with withHolidayYear (or update the holiday data)",
      }),
    );
    expect(E.isLeft(dueAtDetail(only2026, beijing('2026-12-30 10:00'), workingDays(3)))).toBe(true);
  });

  it('when a deadline ends at 24:00 on 31 December, then it needs no 2027 data; a start in 2025 does', () => {
    expect(dueAt(only2026, beijing('2026-12-29 10:00'), workingDays(2))).toEqual(E.right(beijing('2027-01-01 00:00')));
    expect(E.isLeft(dueAt(only2026, beijing('2025-12-31 10:00'), workingDays(1)))).toBe(true);
  });

  it('when the 2027 table is supplied as data, then 2027 is covered and the deadline moves past 元旦 to 24:00 on Tuesday 5 January', () => {
    const supplied = withHolidayYear(only2026, newYear2027);
    expect(supplied.coveredYears).toEqual([2026, 2027]);
    expect(supplied.holidays).toContain('2027-01-01');
    expect(dueAt(supplied, beijing('2026-12-30 10:00'), workingDays(3))).toEqual(E.right(beijing('2027-01-06 00:00')));
    // A calendar that lists no covered years takes the table's days and stays unrestricted.
    expect(withHolidayYear(china2026, newYear2027).coveredYears).toBeUndefined();
  });

  it('a table with a date outside its year, or a day both off and worked, is refused with the field named', () => {
    expect(E.isLeft(HolidayYearCodec.decode({ year: 2027, holidays: ['2026-12-31'], workdays: [] }))).toBe(true);
    expect(() => withHolidayYear(only2026, { year: 2027, holidays: ['2026-12-31'], workdays: [] })).toThrow(/holidays\.0: 2026-12-31 is not in 2027/);
    expect(() => withHolidayYear(only2026, { year: 2027, holidays: ['2027-02-06'], workdays: ['2027-02-06'] })).toThrow(/both a holiday and a make-up working day/);
    const error = (() => {
      try {
        withHolidayYear(only2026, { year: 20.5, holidays: [], workdays: [] });
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isCalendarInputError(error) && error.field).toBe('holidayYear');
  });

  it('the codec refuses covered years that are not whole years 1–9999 or are listed twice', () => {
    for (const coveredYears of [[2026, 2026], [0], [2026.5], [10_000]]) {
      expect(E.isLeft(CalendarCodec.decode({ ...china2026, coveredYears })), JSON.stringify(coveredYears)).toBe(true);
    }
    expect(E.isRight(CalendarCodec.decode({ ...china2026, coveredYears: [] }))).toBe(true);
  });
});

/** The year of a local day number, by `Date` (independent of the code under test). */
const yearOfDay = (day: number): number => new Date(day * DAY).getUTCFullYear();

describe('for all calendars covering some of 2024–2029 and all deadlines over their year ends', () => {
  const coveredArb = fc.subarray([2024, 2025, 2026, 2027, 2028, 2029]);
  const startArb = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2029, 0, 1) });
  const durationArb = fc.oneof(
    fc.integer({ min: 0, max: 400 }).map((amount): Duration => ({ amount, unit: 'calendarDays' })),
    fc.integer({ min: 0, max: 300 }).map((amount): Duration => ({ amount, unit: 'workingDays' })),
    fc.integer({ min: 0, max: 2_000 }).map((amount): Duration => ({ amount, unit: 'workingHours' })),
  );

  it('a span that reaches a year without data is refused naming exactly those years, never dated; any other span gets the date the lists give', () => {
    fc.assert(
      fc.property(coveredArb, startArb, durationArb, (coveredYears, startMs, duration) => {
        const start = formatInstant(startMs);
        const calendar = toCalendar({ ...china2026, coveredYears });
        // The date the lists alone give (every year taken as listed), and the span it covers.
        const listed = dueAt(china2026, start, duration);
        if (E.isLeft(listed)) throw new Error('a calendar without coveredYears always dates a deadline');
        const offset = china2026.utcOffsetMinutes * 60_000;
        const firstDay = Math.floor((startMs + offset) / DAY);
        const lastDay = Math.max(firstDay, Math.ceil((Date.parse(listed.right) + offset) / DAY) - 1);
        const reached = Array.from({ length: yearOfDay(lastDay) - yearOfDay(firstDay) + 1 }, (_, i) => yearOfDay(firstDay) + i);
        const missing = reached.filter((year) => !coveredYears.includes(year));
        const answer = dueAt(calendar, start, duration);
        if (missing.length > 0) {
          expect(answer).toMatchObject(E.left({ code: 'HolidayDataMissing', years: missing, coveredYears }));
          expect(E.isLeft(answer) && answer.left.message).toContain(String(missing[0]));
        } else {
          expect(answer).toEqual(listed);
        }
      }),
      RUNS,
    );
  });
});
