import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { CalendarCodec, type Calendar } from './calendar.js';
import { CalendarInputError } from './calendarInputError.js';

/** One decode error as `path: message`, the path `root` when it names the whole value. */
export const describeDecodeError = (error: t.ValidationError, root = '(calendar)'): string => {
  const path = error.context
    .map((entry) => entry.key)
    .filter((key) => key !== '')
    .join('.');
  const message = error.message ?? `expected ${error.context[error.context.length - 1]?.type.name ?? 'a value'}`;
  return `${path === '' ? root : path}: ${message}`;
};

/**
 * Decodes `value` with {@link CalendarCodec}, or throws a {@link CalendarInputError} that
 * lists every failing field. For configuration code that builds a calendar once; use
 * `CalendarCodec.decode` where an `Either` is wanted.
 */
export const toCalendar = (value: unknown): Calendar => {
  const decoded = CalendarCodec.decode(value);
  if (E.isLeft(decoded)) throw new CalendarInputError('calendar', decoded.left.map((error) => describeDecodeError(error)).join('; '));
  return decoded.right;
};
