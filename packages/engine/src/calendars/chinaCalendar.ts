import { toCalendar, withHolidayYear, type Calendar, type HolidayYear, type WorkingPeriod } from '@casefold/core';
import { chineseDaysData } from './chineseDaysData.js';
import { HolidayDataMissingError } from './holidayDataMissingError.js';

/** Asia/Shanghai: UTC+08:00 all year, no daylight saving time since 1991. */
const SHANGHAI_OFFSET_MINUTES = 480;

/** Office hours of Chinese government service windows: 09:00–12:00 and 13:00–17:00. */
export const CHINA_WORKING_HOURS: readonly WorkingPeriod[] = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];

/** What `chinaCalendar` builds; every field is optional. */
export interface ChinaCalendarOptions {
  /** Years to include; default: every year the installed `chinese-days` covers, and every year of `extraYears`. */
  readonly years?: readonly number[];
  /**
   * Holiday tables of years the installed `chinese-days` does not cover yet (each year's
   * notice is published late in the year before), or corrections: each year's days are
   * added, winning over the package's, and the year counts as covered.
   */
  readonly extraYears?: readonly HolidayYear[];
  /** The calendar id; default `cn-mainland`. */
  readonly id?: string;
  /** Working periods of a working day; default {@link CHINA_WORKING_HOURS}. */
  readonly workingHours?: readonly WorkingPeriod[];
}

const yearOf = (date: string): number => Number(date.slice(0, 4));

/** The years, in order, that the installed `chinese-days` has a holiday schedule for. */
export const chinaHolidayYears = (): readonly number[] => [...new Set(Object.keys(chineseDaysData().holidays).map(yearOf))].sort((a, b) => a - b);

/**
 * The mainland-China working calendar for `@casefold/core`, built from the schedule data
 * of the `chinese-days` package (State Council notices): statutory holidays (放假, weekend
 * ones included) and make-up working days (调休上班) of the chosen years, at UTC+08:00, with
 * 09:00–12:00 and 13:00–17:00 working hours, plus the holiday tables of `extraYears`.
 * The result does not depend on the machine's time zone. Its `coveredYears` are the years
 * included, so a deadline that reaches any other year is refused as `HolidayDataMissing`
 * (core's `dueAt`) instead of counting that year as if it had no holidays. Throws a
 * `HolidayDataMissingError` for a requested year neither the package nor `extraYears`
 * covers, a `HolidayDataFormatError` if its data file is unreadable, and a
 * `CalendarInputError` (from core) for bad options such as overlapping working hours or a
 * table with a date outside its year.
 *
 * @example
 * // 2027 before chinese-days carries it: the State Council's notice as data.
 * const calendar = chinaCalendar({ extraYears: [{ year: 2027, holidays: ['2027-01-01', …], workdays: [ … ] }] });
 */
export const chinaCalendar = (options: ChinaCalendarOptions = {}): Calendar => {
  const data = chineseDaysData();
  const packaged = chinaHolidayYears();
  const extraYears = options.extraYears ?? [];
  const supplied = extraYears.map((table) => table.year);
  const years = new Set(options.years ?? [...packaged, ...supplied]);
  const missing = [...years].filter((year) => !packaged.includes(year) && !supplied.includes(year)).sort((a, b) => a - b);
  if (missing.length > 0) throw new HolidayDataMissingError(missing, packaged);
  const fromPackage = [...years].filter((year) => packaged.includes(year));
  const inYears = (dates: Record<string, string>): string[] =>
    Object.keys(dates)
      .filter((date) => fromPackage.includes(yearOf(date)))
      .sort();
  const base = toCalendar({
    id: options.id ?? 'cn-mainland',
    utcOffsetMinutes: SHANGHAI_OFFSET_MINUTES,
    holidays: inYears(data.holidays),
    workdays: inYears(data.workdays),
    workingHours: options.workingHours ?? CHINA_WORKING_HOURS,
    coveredYears: fromPackage.sort((a, b) => a - b),
  });
  return extraYears.filter((table) => years.has(table.year)).reduce(withHolidayYear, base);
};
