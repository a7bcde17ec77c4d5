import * as E from 'fp-ts/lib/Either.js';
import { parsedStringCodec } from './parsedStringCodec.js';

const CLOCK_TIME = /^(\d{2}):(\d{2})$/;

/**
 * Minutes after local midnight of an `HH:MM` wall-clock time (`00:00` … `24:00`; `24:00`
 * is the end of the day), or a readable reason it is not one.
 */
export const parseClockTime = (value: string): E.Either<string, number> => {
  const match = CLOCK_TIME.exec(value);
  if (match === null) return E.left(`expected a time like 09:00 (HH:MM), got ${JSON.stringify(value)}`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const valid = minutes < 60 && (hours < 24 || (hours === 24 && minutes === 0));
  return valid ? E.right(hours * 60 + minutes) : E.left(`${JSON.stringify(value)} is not a time between 00:00 and 24:00`);
};

/** Codec of an `HH:MM` wall-clock time string (see {@link parseClockTime}); decodes to the string unchanged. */
export const ClockTimeCodec = parsedStringCodec('ClockTime', 'an HH:MM time string', parseClockTime);
