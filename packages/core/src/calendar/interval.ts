import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { InstantCodec, parseInstant } from './instant.js';
import { parsedOrNaN } from './parsedStringCodec.js';

const IntervalShape = t.readonly(t.exact(t.type({ from: InstantCodec, to: InstantCodec })), 'Interval');

const millis = (instant: string): number => parsedOrNaN(parseInstant(instant));

/**
 * Codec of a half-open span of time `[from, to)` between two ISO-8601 UTC instants, e.g.
 * a pause of a deadline clock while a hearing takes place. Refuses `to` before `from`.
 */
export const IntervalCodec = new t.Type<t.TypeOf<typeof IntervalShape>, t.OutputOf<typeof IntervalShape>, unknown>(
  'Interval',
  (u): u is t.TypeOf<typeof IntervalShape> => IntervalShape.is(u) && millis(u.from) <= millis(u.to),
  (u, c) => {
    const decoded = IntervalShape.validate(u, c);
    if (E.isLeft(decoded)) return decoded;
    const { from, to } = decoded.right;
    return millis(from) <= millis(to) ? decoded : t.failure(u, c, `interval ends (${to}) before it starts (${from})`);
  },
  IntervalShape.encode,
);

/** A half-open span `[from, to)` of ISO-8601 UTC instants (see {@link IntervalCodec}). */
export interface Interval extends t.TypeOf<typeof IntervalCodec> {}
