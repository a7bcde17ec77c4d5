import * as E from 'fp-ts/lib/Either.js';
import { parsedStringCodec } from './parsedStringCodec.js';
import { DAY_MS } from './time.js';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in month `month` (1–12) of the Gregorian year `year`. */
export const daysInMonth = (year: number, month: number): number =>
  month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : (MONTH_DAYS[month - 1] ?? 0);

/** Days in the 400-year Gregorian cycle: shifting a date by 400 years shifts it by exactly this many days. */
const CYCLE_DAYS = 146_097;

/**
 * Epoch milliseconds of local midnight of a Gregorian date; unlike `Date.UTC`, years 0–99
 * are taken literally rather than as 1900–1999.
 */
export const utcMillis = (year: number, month: number, day: number): number =>
  year < 100 ? Date.UTC(year + 400, month - 1, day) - CYCLE_DAYS * DAY_MS : Date.UTC(year, month - 1, day);

/**
 * The day number (days since 1970-01-01) of a `YYYY-MM-DD` calendar date, or a readable
 * reason it is not a real date (`2026-02-30`, `2026-13-01`).
 */
export const parseLocalDate = (value: string): E.Either<string, number> => {
  const match = LOCAL_DATE.exec(value);
  if (match === null) return E.left(`expected a date like 2026-10-01 (YYYY-MM-DD), got ${JSON.stringify(value)}`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
    ? E.right(utcMillis(y, m, d) / DAY_MS)
    : E.left(`${JSON.stringify(value)} is not a real calendar date`);
};

/** The `YYYY-MM-DD` form of a day number. */
export const formatLocalDate = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** Codec of a `YYYY-MM-DD` calendar date string (see {@link parseLocalDate}); decodes to the string unchanged. */
export const LocalDateCodec = parsedStringCodec('LocalDate', 'a YYYY-MM-DD date string', parseLocalDate);
