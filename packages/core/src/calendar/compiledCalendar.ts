import type { Calendar } from './calendar.js';
import { parseClockTime } from './clockTime.js';
import { yearOfDay } from './civil.js';
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
  /** The covered years as sorted runs of consecutive years `[first, last]`; `null`: every year. */
  readonly coveredRuns: readonly (readonly [number, number])[] | null;
}

/** Sorted runs of consecutive years. */
const runsOf = (years: readonly number[]): (readonly [number, number])[] => {
  const sorted = [...years].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const year of sorted) {
    const last = runs[runs.length - 1];
    if (last !== undefined && year === last[1] + 1) last[1] = year;
    else runs.push([year, year]);
  }
  return runs;
};

const compiled = new WeakMap<Calendar, CompiledCalendar>();

/**
 * The lookup tables of a calendar, checked with the codec once per calendar object and
 * cached (a calendar is immutable data). Throws a `CalendarInputError` if it does not decode.
 */
export const compileCalendar = (calendar: Calendar): CompiledCalendar => {
  const cached = compiled.get(calendar);
  if (cached !== undefined) return cached;
  const checked = toCalendar(calendar);
  const periods = checked.workingHours.map((period) => [parsedOrNaN(parseClockTime(period.start)) * MINUTE_MS, parsedOrNaN(parseClockTime(period.end)) * MINUTE_MS] as const);
  const result: CompiledCalendar = {
    offsetMs: checked.utcOffsetMinutes * MINUTE_MS,
    listedDays: new Map([
      ...checked.holidays.map((date) => [parsedOrNaN(parseLocalDate(date)), false] as const),
      ...checked.workdays.map((date) => [parsedOrNaN(parseLocalDate(date)), true] as const),
    ]),
    periods,
    workingMsPerDay: periods.reduce((total, [from, to]) => total + to - from, 0),
    coveredRuns: checked.coveredYears === undefined ? null : runsOf(checked.coveredYears),
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

/**
 * The years of local days `firstDay`…`lastDay` that `calendar` does not cover, in order:
 * none when one run of covered years holds both ends (the usual case, answered at once).
 */
export const uncoveredYears = (calendar: CompiledCalendar, firstDay: number, lastDay: number): number[] => {
  const runs = calendar.coveredRuns;
  if (runs === null) return [];
  const from = yearOfDay(firstDay);
  const to = yearOfDay(lastDay);
  if (runs.some(([first, last]) => first <= from && to <= last)) return [];
  const missing: number[] = [];
  for (let year = from; year <= to; year++) if (!runs.some(([first, last]) => first <= year && year <= last)) missing.push(year);
  return missing;
};
