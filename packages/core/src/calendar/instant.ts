import * as E from 'fp-ts/lib/Either.js';
import { CalendarInputError } from './calendarInputError.js';
import { dayNumber, daysInMonth, formatDayNumber } from './civil.js';
import { parsedStringCodec } from './parsedStringCodec.js';
import { DAY_MS } from './time.js';

const DASH = 45;
const T = 84;
const COLON = 58;
const DOT = 46;
const Z = 90;

/** Whether `value` has the shape `YYYY-MM-DDTHH:MM:SS`, then `.` and 1–3 fraction digits or nothing, then `Z` (to tell why a value was refused). */
const isShaped = (value: string): boolean => {
  const length = value.length;
  if (length < 20 || length === 21 || length > 24 || value.charCodeAt(length - 1) !== Z) return false;
  for (let i = 0; i < length - 1; i++) {
    const code = value.charCodeAt(i);
    const expected = i === 4 || i === 7 ? DASH : i === 10 ? T : i === 13 || i === 16 ? COLON : i === 19 ? DOT : 0;
    if (expected === 0 ? code < 48 || code > 57 : code !== expected) return false;
  }
  return true;
};

/** The digit at `i`, or `NaN` (which poisons every sum it enters) when that character is not one. */
const digit = (value: string, i: number): number => {
  const d = value.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};

const twoDigits = (value: string, i: number): number => digit(value, i) * 10 + digit(value, i + 1);

/**
 * Epoch milliseconds of an ISO-8601 UTC instant (see {@link parseInstant}), or `NaN` when
 * `value` is not one. Allocates nothing and reads each character once: the decider checks
 * every command's time with it.
 */
export const instantMillisOrNaN = (value: string): number => {
  const length = value.length;
  if (length < 20 || length === 21 || length > 24 || value.charCodeAt(length - 1) !== Z) return Number.NaN;
  if (value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH || value.charCodeAt(10) !== T || value.charCodeAt(13) !== COLON || value.charCodeAt(16) !== COLON) return Number.NaN;
  if (length > 20 && value.charCodeAt(19) !== DOT) return Number.NaN;
  const year = twoDigits(value, 0) * 100 + twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  const millis = length === 24 ? digit(value, 20) * 100 + twoDigits(value, 21) : length === 23 ? twoDigits(value, 20) * 10 : length === 22 ? digit(value, 20) * 100 : 0;
  // A non-digit anywhere made its field NaN, and NaN fails every comparison.
  const real = year >= 0 && millis >= 0 && month >= 1 && month <= 12 && day >= 1 && hour < 24 && minute < 60 && second < 60 && day <= daysInMonth(year, month);
  return real ? dayNumber(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis : Number.NaN;
};

/**
 * Epoch milliseconds of an ISO-8601 UTC instant such as `2026-10-01T08:30:00.000Z`
 * (`YYYY-MM-DDTHH:MM:SS`, then 0–3 fraction digits, then `Z`), or a readable reason it
 * is not one. Impossible dates and times (`2026-02-30`, `24:00:00`, `:60`) are refused.
 */
export const parseInstant = (value: string): E.Either<string, number> => {
  const millis = instantMillisOrNaN(value);
  if (!Number.isNaN(millis)) return E.right(millis);
  return isShaped(value) ? E.left(`${JSON.stringify(value)} is not a real date and time`) : E.left(`expected an ISO-8601 UTC instant like 2026-10-01T08:30:00.000Z, got ${JSON.stringify(value)}`);
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * The ISO-8601 UTC form of epoch milliseconds, always with milliseconds and `Z`, exactly as
 * `Date#toISOString` writes it (computed directly, which is several times faster).
 */
export const formatInstant = (millis: number): string => {
  const day = Math.floor(millis / DAY_MS);
  let rest = millis - day * DAY_MS;
  const ms = rest % 1000;
  rest = (rest - ms) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  const date = formatDayNumber(day);
  return date.length === 10 ? `${date}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}Z` : new Date(millis).toISOString();
};

/** Codec of an ISO-8601 UTC instant string (see {@link parseInstant}); decodes to the string unchanged. */
export const InstantCodec = parsedStringCodec('Instant', 'an ISO-8601 UTC instant string', parseInstant, (value) => !Number.isNaN(instantMillisOrNaN(value)));

/** Epoch milliseconds of `value`, or a {@link CalendarInputError} naming `field` when it is not an instant. */
export const requireInstant = (field: string, value: string): number => {
  const parsed = parseInstant(value);
  if (E.isLeft(parsed)) throw new CalendarInputError(field, parsed.left);
  return parsed.right;
};
