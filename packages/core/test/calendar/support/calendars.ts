import fc from 'fast-check';
import { dueAt, dueAtDetail, formatInstant, formatLocalDate, parseLocalDate, toCalendar, type Calendar, type DueAtResult, type Interval } from '../../../src/calendar/index.js';
import * as E from 'fp-ts/lib/Either.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const range = (from: string, to: string): string[] => {
  const first = E.getOrElse(() => Number.NaN)(parseLocalDate(from));
  const last = E.getOrElse(() => Number.NaN)(parseLocalDate(to));
  return Array.from({ length: last - first + 1 }, (_, i) => formatLocalDate(first + i));
};

/**
 * Mainland China 2026, as published by the State Council (notice at
 * https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm) and carried by chinese-days 1.5.7.
 */
export const china2026: Calendar = toCalendar({
  id: 'cn-2026',
  utcOffsetMinutes: 480,
  holidays: [
    ...range('2026-01-01', '2026-01-03'),
    ...range('2026-02-15', '2026-02-23'),
    ...range('2026-04-04', '2026-04-06'),
    ...range('2026-05-01', '2026-05-05'),
    ...range('2026-06-19', '2026-06-21'),
    ...range('2026-09-25', '2026-09-27'),
    ...range('2026-10-01', '2026-10-07'),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
});

/** The UTC instant of a Beijing wall-clock time, e.g. `beijing('2026-09-28 10:00')`. */
export const beijing = (local: string): string => formatInstant(Date.parse(`${local.replace(' ', 'T')}:00.000+08:00`));

/** A pause between two Beijing wall-clock times. */
export const pauseBeijing = (from: string, to: string): Interval => ({ from: beijing(from), to: beijing(to) });

// ---- arbitraries -------------------------------------------------------------------------

/** 2026-09-01T00:00:00Z: every generated instant and listed day lies within a few months of it. */
export const BASE = Date.UTC(2026, 8, 1);
const BASE_DAY = BASE / DAY;
const QUARTER = 15 * MINUTE;

/** Sorted, disjoint working periods on a quarter-hour grid. */
export const workingHoursArb = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2, maxLength: 6 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const pairs = sorted.length % 2 === 0 ? sorted : sorted.slice(0, -1);
  const clock = (q: number): string => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
  return Array.from({ length: pairs.length / 2 }, (_, i) => ({
    start: clock(pairs[2 * i] as number),
    end: clock(pairs[2 * i + 1] as number),
  }));
});

/** A valid calendar: holidays and make-up days near {@link BASE}, a quarter-hour UTC offset. */
export const calendarArb: fc.Arbitrary<Calendar> = fc
  .record({
    offset: fc.integer({ min: -48, max: 56 }).map((q) => q * 15),
    holidays: fc.uniqueArray(fc.integer({ min: -10, max: 120 }), { maxLength: 40 }),
    workdays: fc.uniqueArray(fc.integer({ min: -10, max: 120 }), { maxLength: 15 }),
    workingHours: workingHoursArb,
  })
  .map(({ offset, holidays, workdays, workingHours }) => ({
    id: 'generated',
    utcOffsetMinutes: offset,
    holidays: holidays.map((d) => formatLocalDate(BASE_DAY + d)),
    workdays: workdays.filter((d) => !holidays.includes(d)).map((d) => formatLocalDate(BASE_DAY + d)),
    workingHours,
  }));

/** An instant (epoch ms) within 60 days of {@link BASE}, to the millisecond. */
export const instantMsArb = fc.integer({ min: BASE, max: BASE + 60 * DAY });

/** An instant (epoch ms) within 60 days of {@link BASE}, on a quarter-hour. */
export const quarterMsArb = fc.integer({ min: 0, max: 60 * 96 }).map((q) => BASE + q * QUARTER);

export const unitArb = fc.constantFrom('calendarDays' as const, 'workingDays' as const, 'workingHours' as const);

/** A duration whose span stays within a few weeks. */
export const durationArb = unitArb.chain((unit) => fc.integer({ min: 0, max: unit === 'workingHours' ? 60 : 20 }).map((amount) => ({ amount, unit })));

/** Up to three pauses of up to four days each, starting within 40 days of `from`. */
export const pausesArb = (grid: number): fc.Arbitrary<Interval[]> =>
  fc
    .array(fc.record({ at: fc.integer({ min: 0, max: (40 * DAY) / grid }), length: fc.integer({ min: 0, max: (4 * DAY) / grid }) }), { maxLength: 3 })
    .map((pauses) => pauses.map(({ at, length }) => ({ from: formatInstant(BASE + at * grid), to: formatInstant(BASE + (at + length) * grid) })));

export const QUARTER_MS = QUARTER;

/** The Right of an Either, or a failed test showing the Left. */
const rightOf = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected a due date, got ${JSON.stringify(result.left)}`);
  return result.right;
};

/** `dueAt` on a calendar without `coveredYears` (every year covered): the date itself. */
export const dueAtRight = (...args: Parameters<typeof dueAt>): string => rightOf(dueAt(...args));

/** `dueAtDetail` on a calendar without `coveredYears` (every year covered): the steps themselves. */
export const dueAtDetailRight = (...args: Parameters<typeof dueAtDetail>): DueAtResult => rightOf(dueAtDetail(...args));
