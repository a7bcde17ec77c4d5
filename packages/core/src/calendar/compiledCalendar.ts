import type { Calendar } from './calendar.js';
import { parseClockTime } from './clockTime.js';
import { parseLocalDate, weekdayOf } from './localDate.js';
import { parsedOrNaN } from './parsedStringCodec.js';
import { MINUTE_MS } from './time.js';
import { toCalendar } from './toCalendar.js';

/** A calendar turned into lookup tables: day numbers and millisecond offsets in local time. */
export interface CompiledCalendar {
  readonly offsetMs: number;
  /** The listed days by day number: `false` for a holiday, `true` for a make-up working day. */
  readonly listedDays: ReadonlyMap<number, boolean>;
  /** Working periods as `[from, to)` milliseconds after local midnight. */
  readonly periods: readonly (readonly [number, number])[];
  /** Total length of the working periods of one working day, in milliseconds. */
  readonly workingMsPerDay: number;
}

const compiled = new WeakMap<Calendar, CompiledCalendar>();

/**
 * The lookup tables of a calendar, checked with the codec once per calendar object and
 * cached (a calendar is immutable data). Throws a `CalendarInputError` if it does not decode.
 */
export const compileCalendar = (calendar: Calendar): CompiledCalendar => {
  const cached = compiled.get(calendar);
  if (cached !== undefined) return cached;
  const checked = toCalendar(calendar);
  const periods = checked.workingHours.map(
    (period) => [parsedOrNaN(parseClockTime(period.start)) * MINUTE_MS, parsedOrNaN(parseClockTime(period.end)) * MINUTE_MS] as const,
  );
  const result: CompiledCalendar = {
    offsetMs: checked.utcOffsetMinutes * MINUTE_MS,
    listedDays: new Map([
      ...checked.holidays.map((date) => [parsedOrNaN(parseLocalDate(date)), false] as const),
      ...checked.workdays.map((date) => [parsedOrNaN(parseLocalDate(date)), true] as const),
    ]),
    periods,
    workingMsPerDay: periods.reduce((total, [from, to]) => total + to - from, 0),
  };
  compiled.set(calendar, result);
  return result;
};

/** Whether local day number `day` is a working day: a make-up working day, or Monday–Friday and not a holiday. */
export const isWorkingDayNumber = (calendar: CompiledCalendar, day: number): boolean => {
  const listed = calendar.listedDays.get(day);
  if (listed !== undefined) return listed;
  const weekday = weekdayOf(day);
  return weekday >= 1 && weekday <= 5;
};
