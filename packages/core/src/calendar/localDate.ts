import * as E from 'fp-ts/lib/Either.js';
import { parsedStringCodec } from './parsedStringCodec.js';
import { dayNumber, daysInMonth, formatDayNumber } from './civil.js';

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? E.right(dayNumber(y, m, d)) : E.left(`${JSON.stringify(value)} is not a real calendar date`);
};

/** The `YYYY-MM-DD` form of a day number. */
export const formatLocalDate = formatDayNumber;

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday. */
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** Codec of a `YYYY-MM-DD` calendar date string (see {@link parseLocalDate}); decodes to the string unchanged. */
export const LocalDateCodec = parsedStringCodec('LocalDate', 'a YYYY-MM-DD date string', parseLocalDate);
