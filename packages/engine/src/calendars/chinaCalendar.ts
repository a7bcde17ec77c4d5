import { toCalendar, type Calendar, type WorkingPeriod } from '@casefold/core';
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
  /** Years to include; default: every year the installed `chinese-days` covers. */
  readonly years?: readonly number[];
  /** The calendar id; default `cn-mainland`. */
  readonly id?: string;
  /** Working periods of a working day; default {@link CHINA_WORKING_HOURS}. */
  readonly workingHours?: readonly WorkingPeriod[];
}

const yearOf = (date: string): number => Number(date.slice(0, 4));

/** The years, in order, that the installed `chinese-days` has a holiday schedule for. */
export const chinaHolidayYears = (): readonly number[] =>
  [...new Set(Object.keys(chineseDaysData().holidays).map(yearOf))].sort((a, b) => a - b);

/**
 * The mainland-China working calendar for `@casefold/core`, built from the schedule data
 * of the `chinese-days` package (State Council notices): statutory holidays (放假, weekend
 * ones included) and make-up working days (调休上班) of the chosen years, at UTC+08:00, with
 * 09:00–12:00 and 13:00–17:00 working hours. The result does not depend on the machine's
 * time zone. Throws a `HolidayDataMissingError` for a requested year the package does not
 * cover, a `HolidayDataFormatError` if its data file is unreadable, and a
 * `CalendarInputError` (from core) for bad options such as overlapping working hours.
 */
export const chinaCalendar = (options: ChinaCalendarOptions = {}): Calendar => {
  const data = chineseDaysData();
  const covered = chinaHolidayYears();
  const years = new Set(options.years ?? covered);
  const missing = [...years].filter((year) => !covered.includes(year)).sort((a, b) => a - b);
  if (missing.length > 0) throw new HolidayDataMissingError(missing, covered);
  const inYears = (dates: Record<string, string>): string[] =>
    Object.keys(dates)
      .filter((date) => years.has(yearOf(date)))
      .sort();
  return toCalendar({
    id: options.id ?? 'cn-mainland',
    utcOffsetMinutes: SHANGHAI_OFFSET_MINUTES,
    holidays: inYears(data.holidays),
    workdays: inYears(data.workdays),
    workingHours: options.workingHours ?? CHINA_WORKING_HOURS,
  });
};
