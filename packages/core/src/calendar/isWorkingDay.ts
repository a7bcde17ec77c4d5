import * as E from 'fp-ts/lib/Either.js';
import type { Calendar } from './calendar.js';
import { CalendarInputError } from './calendarInputError.js';
import { compileCalendar, isWorkingDayNumber } from './compiledCalendar.js';
import { parseLocalDate } from './localDate.js';

/**
 * Whether the local date `date` (`YYYY-MM-DD`) is a working day on `calendar`: a listed
 * make-up working day is; a listed holiday is not; otherwise Monday to Friday are.
 * Throws a `CalendarInputError` when `date` is not a real date.
 */
export const isWorkingDay = (calendar: Calendar, date: string): boolean => {
  const day = parseLocalDate(date);
  if (E.isLeft(day)) throw new CalendarInputError('date', day.left);
  return isWorkingDayNumber(compileCalendar(calendar), day.right);
};
