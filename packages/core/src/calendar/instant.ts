import * as E from 'fp-ts/lib/Either.js';
import { CalendarInputError } from './calendarInputError.js';
import { dayNumber, daysInMonth, formatDayNumber } from './civil.js';
import { parsedStringCodec } from './parsedStringCodec.js';
import { DAY_MS } from './time.js';

/** The number written by the decimal digits of `value` in `[from, to)` (already checked to be digits). */
const digits = (value: string, from: number, to: number): number => {
  let result = 0;
  for (let i = from; i < to; i++) result = result * 10 + value.charCodeAt(i) - 48;
  return result;
};

const DASH = 45;
const T = 84;
const COLON = 58;
const DOT = 46;
const Z = 90;

/** Whether `value` has the shape `YYYY-MM-DDTHH:MM:SS`, then `.` and 1–3 fraction digits or nothing, then `Z`. */
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

/** Epoch milliseconds of a value {@link isShaped} accepted, or `NaN` when its date or time does not exist. */
const shapedMillis = (value: string): number => {
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  const hour = digits(value, 11, 13);
  const minute = digits(value, 14, 16);
  const second = digits(value, 17, 19);
  const fraction = value.length - 21;
  const millis = fraction > 0 ? digits(value, 20, 20 + fraction) * 10 ** (3 - fraction) : 0;
  const real = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour < 24 && minute < 60 && second < 60;
  return real ? dayNumber(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + millis : Number.NaN;
};

/**
 * Epoch milliseconds of an ISO-8601 UTC instant (see {@link parseInstant}), or `NaN` when
 * `value` is not one. Allocates nothing: the decider and the codecs check instants with it.
 */
export const instantMillisOrNaN = (value: string): number => (isShaped(value) ? shapedMillis(value) : Number.NaN);

/**
 * Epoch milliseconds of an ISO-8601 UTC instant such as `2026-10-01T08:30:00.000Z`
 * (`YYYY-MM-DDTHH:MM:SS`, then 0–3 fraction digits, then `Z`), or a readable reason it
 * is not one. Impossible dates and times (`2026-02-30`, `24:00:00`, `:60`) are refused.
 */
export const parseInstant = (value: string): E.Either<string, number> => {
  if (!isShaped(value)) return E.left(`expected an ISO-8601 UTC instant like 2026-10-01T08:30:00.000Z, got ${JSON.stringify(value)}`);
  const millis = shapedMillis(value);
  return Number.isNaN(millis) ? E.left(`${JSON.stringify(value)} is not a real date and time`) : E.right(millis);
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
