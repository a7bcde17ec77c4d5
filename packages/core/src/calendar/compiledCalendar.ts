import * as E from 'fp-ts/lib/Either.js';
import type { Calendar } from './calendar.js';
import { parseClockTime } from './clockTime.js';
import { parseLocalDate, weekdayOf } from './localDate.js';
import { MINUTE_MS } from './time.js';
import { toCalendar } from './toCalendar.js';

/** A calendar turned into lookup tables: day numbers and millisecond offsets in local time. */
export interface CompiledCalendar {
  readonly offsetMs: number;
  readonly holidays: ReadonlySet<number>;
  readonly workdays: ReadonlySet<number>;
  /** Working periods as `[from, to)` milliseconds after local midnight. */
  readonly periods: readonly (readonly [number, number])[];
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();

const value = (parsed: E.Either<string, number>): number => E.getOrElse(() => Number.NaN)(parsed);

/**
 * The lookup tables of a calendar, checked with the codec once per calendar object and
 * cached (a calendar is immutable data). Throws a `CalendarInputError` if it does not decode.
 */
export const compileCalendar = (calendar: Calendar): CompiledCalendar => {
  const cached = compiled.get(calendar);
  if (cached !== undefined) return cached;
  const checked = toCalendar(calendar);
  const result: CompiledCalendar = {
    offsetMs: checked.utcOffsetMinutes * MINUTE_MS,
    holidays: new Set(checked.holidays.map((date) => value(parseLocalDate(date)))),
    workdays: new Set(checked.workdays.map((date) => value(parseLocalDate(date)))),
    periods: checked.workingHours.map(
      (period) => [value(parseClockTime(period.start)) * MINUTE_MS, value(parseClockTime(period.end)) * MINUTE_MS] as const,
    ),
  };
  compiled.set(calendar, result);
  return result;
};

/** Whether local day number `day` is a working day: a make-up working day, or Monday–Friday and not a holiday. */
export const isWorkingDayNumber = (calendar: CompiledCalendar, day: number): boolean => {
  if (calendar.workdays.has(day)) return true;
  if (calendar.holidays.has(day)) return false;
  const weekday = weekdayOf(day);
  return weekday >= 1 && weekday <= 5;
};
