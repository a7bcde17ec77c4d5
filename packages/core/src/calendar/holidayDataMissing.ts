import type { Calendar } from './calendar.js';

/**
 * Why a deadline has no due time: its span, from the start day to the day it would fall
 * due, reaches years whose holidays and make-up working days the calendar does not list
 * (see `Calendar.coveredYears`). Counting such a year as if it had no holidays would give
 * a wrong date without saying so.
 */
export interface HolidayDataMissing {
  readonly code: 'HolidayDataMissing';
  /** The calendar's id, e.g. `cn-mainland`. */
  readonly calendar: string;
  /** The years reached that the calendar does not cover, in order. */
  readonly years: readonly number[];
  /** The years the calendar covers, in order. */
  readonly coveredYears: readonly number[];
  readonly message: string;
}

const spans = (years: readonly number[]): string => {
  const runs: string[] = [];
  for (let i = 0; i < years.length; i++) {
    const first = years[i]!;
    while (i + 1 < years.length && years[i + 1] === years[i]! + 1) i++;
    runs.push(first === years[i] ? `${first}` : `${first}–${years[i]}`);
  }
  return runs.length === 0 ? 'no year' : runs.join(', ');
};

/** The {@link HolidayDataMissing} of `calendar` for the uncovered `years` (in order). */
export const holidayDataMissing = (calendar: Calendar, years: readonly number[]): HolidayDataMissing => {
  const coveredYears = [...(calendar.coveredYears ?? [])].sort((a, b) => a - b);
  return {
    code: 'HolidayDataMissing',
    calendar: calendar.id,
    years,
    coveredYears,
    message:
      `Calendar ${calendar.id} has no holiday data for ${spans(years)} (it covers ${spans(coveredYears)}), so the deadline cannot be computed; ` +
      `supply that year's holidays and make-up working days with withHolidayYear (or update the holiday data)`,
  };
};
