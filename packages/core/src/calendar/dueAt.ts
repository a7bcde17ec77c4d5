import * as E from 'fp-ts/lib/Either.js';
import type { Calendar } from './calendar.js';
import { CalendarInputError } from './calendarInputError.js';
import { compileCalendar, isWorkingDayNumber, uncoveredYears, type CompiledCalendar } from './compiledCalendar.js';
import { localPauses, visitCountedPieces } from './countedPieces.js';
import { DurationUnitCodec, MAX_DURATION_AMOUNT, isDurationAmount, unitMillis, type Duration, type DurationUnit } from './duration.js';
import { holidayDataMissing, type HolidayDataMissing } from './holidayDataMissing.js';
import { formatInstant, requireInstant } from './instant.js';
import type { Interval } from './interval.js';
import { DAY_MS } from './time.js';

/** The steps of a deadline computation, as ISO-8601 UTC instants. */
export interface DueAtResult {
  /** The first instant that counts: the start itself for working hours, else the next local midnight. */
  readonly countingStartsAt: string;
  /** The instant at which the whole amount has been counted, before the calendar-day cut-off rule. */
  readonly countedUntil: string;
  /** The deadline. Equal to `countedUntil` except for calendar days (see {@link dueAt}). */
  readonly dueAt: string;
}

/** 9999-12-31T23:59:59.999Z: instants are written with four-digit years. */
const LAST_INSTANT_MS = 253_402_300_799_999;

/** Local milliseconds at which counting starts for `unit` from a local start instant. */
const countingStartLocal = (unit: DurationUnit, startLocal: number): number => (unit === 'workingHours' ? startLocal : (Math.floor(startLocal / DAY_MS) + 1) * DAY_MS);

/**
 * The calendar-day cut-off: the deadline is 24:00 of the day the counted time ends in,
 * and if that day is not a working day, 24:00 of the next working day.
 */
const calendarDayCutOff = (calendar: CompiledCalendar, countedUntilLocal: number): number => {
  let lastDay = Math.ceil(countedUntilLocal / DAY_MS) - 1;
  while (!isWorkingDayNumber(calendar, lastDay)) lastDay++;
  return (lastDay + 1) * DAY_MS;
};

const checkDuration = (duration: Duration): void => {
  if (!DurationUnitCodec.is(duration.unit)) {
    throw new CalendarInputError('duration.unit', `expected calendarDays, workingDays or workingHours, got ${String(duration.unit)}`);
  }
  if (!isDurationAmount(duration.amount)) {
    throw new CalendarInputError('duration.amount', `expected a whole number from 0 to ${MAX_DURATION_AMOUNT}, got ${duration.amount}`);
  }
};

/** The steps of a deadline computation in UTC milliseconds (see {@link DueAtResult}). */
interface DueMillis {
  readonly countingStartsAt: number;
  readonly countedUntil: number;
  readonly dueAt: number;
}

const computeDue = (calendar: Calendar, start: string, duration: Duration, pauses: readonly Interval[]): E.Either<HolidayDataMissing, DueMillis> => {
  checkDuration(duration);
  const compiled = compileCalendar(calendar);
  const startLocal = requireInstant('start', start) + compiled.offsetMs;
  const startsLocal = countingStartLocal(duration.unit, startLocal);
  let remaining = duration.amount * unitMillis(duration.unit);
  let countedLocal = startsLocal;
  if (remaining > 0) {
    visitCountedPieces(compiled, duration.unit, startsLocal, Infinity, localPauses(compiled, pauses), {
      wholeDay: (counted) => {
        if (counted >= remaining) return false;
        remaining -= counted;
        return true;
      },
      piece: (from, to) => {
        if (to - from < remaining) {
          remaining -= to - from;
          return false;
        }
        countedLocal = from + remaining;
        return true;
      },
    });
  }
  const dueLocal = duration.unit === 'calendarDays' ? calendarDayCutOff(compiled, countedLocal) : countedLocal;
  if (dueLocal - compiled.offsetMs > LAST_INSTANT_MS) {
    throw new CalendarInputError('duration', `the deadline would fall after ${formatInstant(LAST_INSTANT_MS)}, the last instant written here`);
  }
  // The span: from the start day to the last day before the deadline (24:00 ends a day).
  const firstDay = Math.floor(startLocal / DAY_MS);
  const missing = uncoveredYears(compiled, firstDay, Math.max(firstDay, Math.ceil(dueLocal / DAY_MS) - 1));
  if (missing.length > 0) return E.left(holidayDataMissing(calendar, missing));
  return E.right({
    countingStartsAt: startsLocal - compiled.offsetMs,
    countedUntil: countedLocal - compiled.offsetMs,
    dueAt: dueLocal - compiled.offsetMs,
  });
};

/**
 * Like {@link dueAt}, and also returns when counting started and when the amount was
 * fully counted, so a read model can show why a deadline fell where it did.
 * Throws a `CalendarInputError` on input no codec would accept.
 */
export const dueAtDetail = (calendar: Calendar, start: string, duration: Duration, pauses: readonly Interval[] = []): E.Either<HolidayDataMissing, DueAtResult> =>
  E.map((due: DueMillis) => ({
    countingStartsAt: formatInstant(due.countingStartsAt),
    countedUntil: formatInstant(due.countedUntil),
    dueAt: formatInstant(due.dueAt),
  }))(computeDue(calendar, start, duration, pauses));

/**
 * The deadline, as an ISO-8601 UTC instant with milliseconds, of a period of `duration`
 * that starts at `start`, on `calendar`, leaving out the time inside `pauses`.
 * All reasoning is in the calendar's local time (UTC + `utcOffsetMinutes`):
 *
 * - `calendarDays`: the start day is not counted; counting starts at local 00:00 of the
 *   next day. The deadline is 24:00 of the day in which `amount` days of (unpaused) time
 *   have passed; if that day is not a working day, 24:00 of the next working day.
 * - `workingDays`: the start day is not counted; each working day after it counts for
 *   24 h; the deadline is the instant `amount` such days have been counted (24:00 of the
 *   n-th working day when nothing is paused).
 * - `workingHours`: time inside the working periods of working days counts from `start`
 *   itself; the deadline is the instant `amount` hours have been counted (a period's end
 *   when it lands exactly there).
 *
 * A pause shifts the deadline by exactly the counted time it covers; overlapping pauses
 * count once. An amount of 0 is due when counting could first start (then the calendar-day
 * rule applies).
 *
 * When the calendar lists `coveredYears` and the span from the start day to the day the
 * deadline falls in reaches another year, the answer is a `Left` {@link HolidayDataMissing}
 * naming those years: the holidays of a year without data are unknown, so no date is
 * given. Throws a `CalendarInputError` on input no codec would accept.
 */
export const dueAt = (calendar: Calendar, start: string, duration: Duration, pauses: readonly Interval[] = []): E.Either<HolidayDataMissing, string> => {
  const due = computeDue(calendar, start, duration, pauses);
  return E.isLeft(due) ? due : E.right(formatInstant(due.right.dueAt));
};

/** The first instant that counts towards a deadline in `unit` started at `start` (see {@link dueAt}). */
export const countingStart = (calendar: Calendar, unit: DurationUnit, start: string): string => {
  const compiled = compileCalendar(calendar);
  return formatInstant(countingStartLocal(unit, requireInstant('start', start) + compiled.offsetMs) - compiled.offsetMs);
};
