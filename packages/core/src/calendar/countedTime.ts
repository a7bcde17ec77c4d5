import type { Calendar } from './calendar.js';
import { compileCalendar } from './compiledCalendar.js';
import { visitCountedPieces } from './countedPieces.js';
import type { DurationUnit } from './duration.js';
import { requireInstant } from './instant.js';

/**
 * Milliseconds of time that `unit` counts on `calendar` within `[from, to)` (0 when `to`
 * is not after `from`): all of it for `calendarDays`, the whole of working days for
 * `workingDays`, the working periods of working days for `workingHours`. Counting-start
 * rules are not applied here: this is the measure a pause is weighed with.
 * Throws a `CalendarInputError` on input no codec would accept.
 */
export const countedTime = (calendar: Calendar, unit: DurationUnit, from: string, to: string): number => {
  const compiled = compileCalendar(calendar);
  const fromLocal = requireInstant('from', from) + compiled.offsetMs;
  const toLocal = requireInstant('to', to) + compiled.offsetMs;
  let total = 0;
  visitCountedPieces(compiled, unit, fromLocal, toLocal, [], {
    wholeDay: (counted) => {
      total += counted;
      return true;
    },
    piece: (from, to) => {
      total += to - from;
      return false;
    },
  });
  return total;
};
