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

/**
 * The largest amount a duration may have: generous for any statutory period (100,000 days
 * is 270 years) while keeping every deadline computation short.
 */
export const MAX_DURATION_AMOUNT = 100_000;

/** Whether `u` is a whole number from 0 to {@link MAX_DURATION_AMOUNT}. */
export const isDurationAmount = (u: unknown): u is number => typeof u === 'number' && Number.isInteger(u) && u >= 0 && u <= MAX_DURATION_AMOUNT;

const DurationAmountCodec = new t.Type<number, number, unknown>(
  'DurationAmount',
  isDurationAmount,
  (u, c) => (isDurationAmount(u) ? t.success(u) : t.failure(u, c, `expected a whole number from 0 to ${MAX_DURATION_AMOUNT}, got ${JSON.stringify(u) ?? String(u)}`)),
  t.identity,
);

/** Codec of a deadline length: a whole `amount` (0 to {@link MAX_DURATION_AMOUNT}) of a {@link DurationUnit}. */
export const DurationCodec = t.readonly(t.exact(t.type({ amount: DurationAmountCodec, unit: DurationUnitCodec })), 'Duration');

/** A deadline length, e.g. `{ amount: 15, unit: 'workingDays' }` (see {@link DurationCodec}). */
export interface Duration extends t.TypeOf<typeof DurationCodec> {}

/** How many milliseconds of counted time one `unit` is: 24 h for the day units, 1 h for working hours. */
export const unitMillis = (unit: DurationUnit): number => (unit === 'workingHours' ? HOUR_MS : DAY_MS);
