import * as t from 'io-ts';
import { DAY_MS, HOUR_MS } from './time.js';

/**
 * Codec of the unit a deadline is counted in:
 * - `calendarDays`: every day counts; the start day does not; a last day that is not a
 *   working day moves the deadline to the end of the next working day.
 * - `workingDays`: only whole working days after the start day count.
 * - `workingHours`: only time inside working hours of working days counts.
 */
export const DurationUnitCodec = t.keyof({ calendarDays: null, workingDays: null, workingHours: null }, 'DurationUnit');

/** The unit a deadline is counted in (see {@link DurationUnitCodec}). */
export type DurationUnit = t.TypeOf<typeof DurationUnitCodec>;

const NonNegativeIntegerCodec = new t.Type<number, number, unknown>(
  'NonNegativeInteger',
  (u): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0,
  (u, c) =>
    typeof u === 'number' && Number.isSafeInteger(u) && u >= 0
      ? t.success(u)
      : t.failure(u, c, `expected a whole number 0 or more, got ${JSON.stringify(u) ?? String(u)}`),
  t.identity,
);

/** Codec of a deadline length: a non-negative whole `amount` of a {@link DurationUnit}. */
export const DurationCodec = t.readonly(t.exact(t.type({ amount: NonNegativeIntegerCodec, unit: DurationUnitCodec })), 'Duration');

/** A deadline length, e.g. `{ amount: 15, unit: 'workingDays' }` (see {@link DurationCodec}). */
export interface Duration extends t.TypeOf<typeof DurationCodec> {}

/** How many milliseconds of counted time one `unit` is: 24 h for the day units, 1 h for working hours. */
export const unitMillis = (unit: DurationUnit): number => (unit === 'workingHours' ? HOUR_MS : DAY_MS);
