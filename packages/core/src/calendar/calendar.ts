import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ClockTimeCodec, parseClockTime } from './clockTime.js';
import { LocalDateCodec } from './localDate.js';
import { parsedOrNaN } from './parsedStringCodec.js';

/** Codec of one working-hour period of a working day, e.g. `{ start: '09:00', end: '12:00' }`. */
export const WorkingPeriodCodec = t.readonly(t.exact(t.type({ start: ClockTimeCodec, end: ClockTimeCodec })), 'WorkingPeriod');

/** One working-hour period of a working day, local wall-clock `HH:MM` (`end` may be `24:00`). */
export type WorkingPeriod = t.TypeOf<typeof WorkingPeriodCodec>;

const CalendarShape = t.readonly(
  t.exact(
    t.intersection([
      t.type({
        id: t.string,
        utcOffsetMinutes: t.number,
        holidays: t.readonlyArray(LocalDateCodec),
        workdays: t.readonlyArray(LocalDateCodec),
        workingHours: t.readonlyArray(WorkingPeriodCodec),
      }),
      t.partial({ coveredYears: t.readonlyArray(t.number) }),
    ]),
  ),
  'Calendar',
);
type CalendarShape = t.TypeOf<typeof CalendarShape>;

/** UTC offsets that exist on Earth: UTC−12:00 … UTC+14:00. */
const MIN_OFFSET_MINUTES = -720;
const MAX_OFFSET_MINUTES = 840;

interface Problem {
  readonly key: string;
  readonly value: unknown;
  readonly message: string;
}

const duplicates = (field: 'holidays' | 'workdays', dates: readonly string[]): Problem[] => {
  const seen = new Set<string>();
  return dates.flatMap((date, i) => {
    const repeated = seen.has(date);
    seen.add(date);
    return repeated ? [{ key: `${field}.${i}`, value: date, message: `${date} is listed twice in ${field}; list each date once` }] : [];
  });
};

const periodProblems = (periods: CalendarShape['workingHours']): Problem[] => {
  if (periods.length === 0) {
    return [{ key: 'workingHours', value: periods, message: 'at least one working period is needed, e.g. 09:00-17:00' }];
  }
  const minutes = (time: string): number => parsedOrNaN(parseClockTime(time));
  return periods.flatMap((period, i) => {
    const previous = periods[i - 1];
    if (minutes(period.start) >= minutes(period.end)) {
      return [{ key: `workingHours.${i}`, value: period, message: `period ${period.start}-${period.end} must start before it ends` }];
    }
    if (previous !== undefined && minutes(period.start) < minutes(previous.end)) {
      return [
        {
          key: `workingHours.${i}`,
          value: period,
          message: `period ${period.start}-${period.end} overlaps or comes before ${previous.start}-${previous.end}; list periods in order without overlap`,
        },
      ];
    }
    return [];
  });
};

/** Years a calendar can list: those of the `YYYY-MM-DD` dates it reads. */
export const MIN_CALENDAR_YEAR = 1;
export const MAX_CALENDAR_YEAR = 9999;

const coveredYearProblems = (years: readonly number[] | undefined): Problem[] => {
  const seen = new Set<number>();
  return (years ?? []).flatMap((year, i) => {
    const repeated = seen.has(year);
    seen.add(year);
    if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
      return [{ key: `coveredYears.${i}`, value: year, message: `expected a year from ${MIN_CALENDAR_YEAR} to ${MAX_CALENDAR_YEAR}, got ${year}` }];
    }
    return repeated ? [{ key: `coveredYears.${i}`, value: year, message: `${year} is listed twice in coveredYears; list each year once` }] : [];
  });
};

const calendarProblems = (calendar: CalendarShape): Problem[] => {
  const holidays = new Set(calendar.holidays);
  return [
    ...(calendar.id.trim() === '' || calendar.id.trim() !== calendar.id ? [{ key: 'id', value: calendar.id, message: 'the calendar id must be non-empty, without surrounding spaces' }] : []),
    ...(Number.isInteger(calendar.utcOffsetMinutes) && calendar.utcOffsetMinutes >= MIN_OFFSET_MINUTES && calendar.utcOffsetMinutes <= MAX_OFFSET_MINUTES
      ? []
      : [
          {
            key: 'utcOffsetMinutes',
            value: calendar.utcOffsetMinutes,
            message: `expected whole minutes between ${MIN_OFFSET_MINUTES} and ${MAX_OFFSET_MINUTES} (480 for Asia/Shanghai), got ${calendar.utcOffsetMinutes}`,
          },
        ]),
    ...duplicates('holidays', calendar.holidays),
    ...duplicates('workdays', calendar.workdays),
    ...calendar.workdays.flatMap((date, i) => (holidays.has(date) ? [{ key: `workdays.${i}`, value: date, message: `${date} is both a holiday and a make-up working day; keep it in one list` }] : [])),
    ...periodProblems(calendar.workingHours),
    ...coveredYearProblems(calendar.coveredYears),
  ];
};

/**
 * Codec of a jurisdiction's working calendar; the {@link Calendar} type is derived from it.
 *
 * - `id`: a name for the calendar, e.g. `cn-mainland`.
 * - `utcOffsetMinutes`: the fixed offset of local time (Asia/Shanghai: 480, no DST).
 * - `holidays`: `YYYY-MM-DD` statutory rest days (on weekdays or any day).
 * - `workdays`: make-up working days (调休), e.g. a Saturday that is worked.
 * - `workingHours`: the working periods of a working day, in order, not overlapping.
 * - `coveredYears` (optional): the years whose holidays and make-up working days are all
 *   listed. A deadline whose span reaches any other year is refused as
 *   `HolidayDataMissing` rather than computed as if that year had no holidays. Without
 *   it, the lists are taken as complete for every year (e.g. a weekdays-only calendar).
 *
 * Decoding refuses impossible dates (`2026-02-30`), bad times, a date listed twice or in
 * both lists, unsorted, overlapping or empty working hours, and a covered year that is
 * not a whole year 1–9999 or is listed twice, with a message per field.
 * It never throws; encoding drops unknown keys.
 */
export const CalendarCodec = new t.Type<CalendarShape, t.OutputOf<typeof CalendarShape>, unknown>(
  'Calendar',
  (u): u is CalendarShape => CalendarShape.is(u) && calendarProblems(u).length === 0,
  (u, c) => {
    const decoded = CalendarShape.validate(u, c);
    if (E.isLeft(decoded)) return decoded;
    const problems = calendarProblems(decoded.right);
    return problems.length === 0 ? decoded : t.failures(problems.map((p) => ({ value: p.value, context: t.appendContext(c, p.key, t.unknown, p.value), message: p.message })));
  },
  CalendarShape.encode,
);

/** A jurisdiction's working calendar: decode one with {@link CalendarCodec}. */
export type Calendar = t.TypeOf<typeof CalendarCodec>;
