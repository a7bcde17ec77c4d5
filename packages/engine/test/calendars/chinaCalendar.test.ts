import { CalendarCodec, dueAt, formatLocalDate, isCalendarInputError, isWorkingDay, parseLocalDate } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CHINA_WORKING_HOURS, chinaCalendar, chinaHolidayYears, isHolidayDataFormatError, isHolidayDataMissingError } from '../../src/calendars/index.js';
import { decodeChineseDaysData } from '../../src/calendars/chineseDaysData.js';

const ENGINE_DIR = fileURLToPath(new URL('../..', import.meta.url));
const day = (date: string): number => E.getOrElse(() => Number.NaN)(parseLocalDate(date));
const originalTz = process.env['TZ'];

afterEach(() => {
  if (originalTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = originalTz;
});

/**
 * Asks the chinese-days package's own functions, in a separate Node process running in
 * Asia/Shanghai (where they are right), which dates in [first, last] are working days.
 */
const workingDaysPerChineseDays = (first: string, last: string): Set<string> => {
  const script = `
    const cd = require('chinese-days');
    const worked = [];
    for (let t = Date.parse('${first}T00:00:00Z'); t <= Date.parse('${last}T00:00:00Z'); t += 86400000) {
      const date = new Date(t).toISOString().slice(0, 10);
      if (cd.isWorkday(date)) worked.push(date);
    }
    process.stdout.write(JSON.stringify(worked));`;
  const output = execFileSync(process.execPath, ['-e', script], { cwd: ENGINE_DIR, env: { ...process.env, TZ: 'Asia/Shanghai' } });
  return new Set(JSON.parse(output.toString()) as string[]);
};

describe('given the chinese-days package (1.5.7)', () => {
  const calendar = chinaCalendar();

  it('when the default calendar is built, then it covers 2024–2026 at UTC+8 with government office hours and decodes', () => {
    expect(chinaHolidayYears()).toEqual(expect.arrayContaining([2024, 2025, 2026]));
    expect(calendar.id).toBe('cn-mainland');
    expect(calendar.utcOffsetMinutes).toBe(480);
    expect(calendar.workingHours).toEqual(CHINA_WORKING_HOURS);
    expect(CalendarCodec.decode(calendar)).toEqual(E.right(calendar));
  });

  it('then National Day 2026 is a holiday week and Saturday 10 October and Sunday 20 September are make-up working days', () => {
    expect(calendar.holidays).toEqual(expect.arrayContaining(['2026-10-01', '2026-10-07']));
    expect(calendar.workdays).toEqual(expect.arrayContaining(['2026-09-20', '2026-10-10']));
    expect(isWorkingDay(calendar, '2026-10-01')).toBe(false);
    expect(isWorkingDay(calendar, '2026-10-10')).toBe(true);
    expect(isWorkingDay(calendar, '2026-09-20')).toBe(true);
    expect(isWorkingDay(calendar, '2026-10-11')).toBe(false);
  });

  it('then every day of every covered year is a working day exactly when chinese-days’ own functions say so', () => {
    const years = chinaHolidayYears();
    const [first, last] = [`${years[0]}-01-01`, `${years[years.length - 1]}-12-31`];
    const worked = workingDaysPerChineseDays(first, last);
    const disagreements: string[] = [];
    for (let d = day(first); d <= day(last); d++) {
      const date = formatLocalDate(d);
      if (isWorkingDay(calendar, date) !== worked.has(date)) disagreements.push(date);
    }
    expect(day(last) - day(first)).toBeGreaterThan(3 * 365);
    expect(worked.has('2026-10-10')).toBe(true);
    expect(disagreements).toEqual([]);
  });

  it('then a 3-day review started on 28 September 2026 ends on a holiday and is due at 24:00 on 8 October', () => {
    expect(dueAt(calendar, '2026-09-28T02:00:00.000Z', { amount: 3, unit: 'calendarDays' })).toEqual(E.right('2026-10-08T16:00:00.000Z'));
  });

  it('then it covers exactly the years of its data, and a deadline over 2027-01-01 (元旦, no data yet) is refused naming 2027 instead of counting New Year’s Day as worked', () => {
    expect(calendar.coveredYears).toEqual(chinaHolidayYears());
    expect(chinaHolidayYears()).not.toContain(2027);
    const overNewYear = dueAt(calendar, '2026-12-30T02:00:00.000Z', { amount: 3, unit: 'workingDays' });
    if (E.isRight(overNewYear)) throw new Error(`dated ${overNewYear.right} without data for 2027`);
    expect(overNewYear.left).toMatchObject({ code: 'HolidayDataMissing', calendar: 'cn-mainland', years: [2027] });
    expect(overNewYear.left.message).toMatch(/^Calendar cn-mainland has no holiday data for 2027 \(it covers \d{4}–2026\)/);
    // A calendar of some years refuses the others too, before and after them.
    expect(E.isLeft(dueAt(chinaCalendar({ years: [2026] }), '2025-12-30T02:00:00.000Z', { amount: 1, unit: 'calendarDays' }))).toBe(true);
  });

  it('when the 2027 table is supplied as data, then 2027 is covered and the deadline moves past 元旦 to 24:00 on Tuesday 5 January', () => {
    const table2027 = { year: 2027, holidays: ['2027-01-01'], workdays: [] };
    const with2027 = chinaCalendar({ extraYears: [table2027] });
    expect(with2027.coveredYears).toEqual([...chinaHolidayYears(), 2027]);
    expect(isWorkingDay(with2027, '2027-01-01')).toBe(false);
    expect(dueAt(with2027, '2026-12-30T02:00:00.000Z', { amount: 3, unit: 'workingDays' })).toEqual(E.right('2027-01-05T16:00:00.000Z'));
    // Asked for by year, a supplied year is found; a year neither the package nor a table has is not.
    expect(chinaCalendar({ years: [2026, 2027], extraYears: [table2027] }).coveredYears).toEqual([2026, 2027]);
    expect(() => chinaCalendar({ years: [2028], extraYears: [table2027] })).toThrow(/no holiday schedule for 2028.*extraYears/);
    expect(() => chinaCalendar({ extraYears: [{ year: 2027, holidays: ['2026-12-31'], workdays: [] }] })).toThrow(/2026-12-31 is not in 2027/);
  });

  it('when the machine runs in a time zone west of UTC, then the calendar is the same', () => {
    process.env['TZ'] = 'America/Los_Angeles';
    const west = chinaCalendar({ years: [2026] });
    process.env['TZ'] = 'Pacific/Kiritimati';
    const east = chinaCalendar({ years: [2026] });
    expect(west).toEqual(east);
    expect(west.holidays).toEqual(expect.arrayContaining(['2026-09-25', '2026-10-07']));
    expect(west.holidays).not.toContain('2026-09-24');
  });

  it('when only some years are asked for, then only their days are listed, sorted', () => {
    const only2025 = chinaCalendar({ years: [2025], id: 'cn-2025' });
    expect(only2025.id).toBe('cn-2025');
    expect(only2025.holidays.every((date) => date.startsWith('2025-'))).toBe(true);
    expect(only2025.workdays.every((date) => date.startsWith('2025-'))).toBe(true);
    expect(only2025.holidays).toContain('2025-01-28'); // Spring Festival eve, a Tuesday
    expect(only2025.holidays).toEqual([...only2025.holidays].sort());
  });

  it('when a year without data is asked for, then a HolidayDataMissingError names it and what is covered', () => {
    let thrown: unknown;
    try {
      chinaCalendar({ years: [2026, 2099] });
    } catch (e) {
      thrown = e;
    }
    expect(isHolidayDataMissingError(thrown)).toBe(true);
    expect(isHolidayDataMissingError(new Error('x'))).toBe(false);
    expect(isHolidayDataFormatError(thrown)).toBe(false);
    expect((thrown as { years: number[] }).years).toEqual([2099]);
    expect((thrown as Error).message).toMatch(/^chinese-days has no holiday schedule for 2099 \(it covers \d{4}–\d{4}\)/);
  });

  it('when custom working hours are given, then they are used; overlapping ones are refused with a CalendarInputError', () => {
    const summer = chinaCalendar({
      years: [2026],
      workingHours: [
        { start: '08:30', end: '12:00' },
        { start: '14:30', end: '18:00' },
      ],
    });
    expect(summer.workingHours[1]).toEqual({ start: '14:30', end: '18:00' });
    let thrown: unknown;
    try {
      chinaCalendar({
        years: [2026],
        workingHours: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      });
    } catch (e) {
      thrown = e;
    }
    expect(isCalendarInputError(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(/workingHours\.1: period 12:00-17:00 overlaps/);
  });
});

describe('given schedule data in an unexpected shape (a future chinese-days version)', () => {
  it('when it is checked, then a HolidayDataFormatError names the file and the fields', () => {
    let thrown: unknown;
    try {
      decodeChineseDaysData({ holidays: { '2027-01-01': 1 }, days: {} }, 'chinese-days/dist/chinese-days.json');
    } catch (e) {
      thrown = e;
    }
    expect(isHolidayDataFormatError(thrown)).toBe(true);
    expect((thrown as Error).message).toBe(
      'chinese-days/dist/chinese-days.json: unexpected shape at holidays.2027-01-01, workdays; pin chinese-days to a 1.x version or update the China calendar adapter',
    );
    expect(decodeChineseDaysData({ holidays: {}, workdays: {} })).toEqual({ holidays: {}, workdays: {} });
  });
});
