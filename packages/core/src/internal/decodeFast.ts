import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { fastIs } from './fastIs.js';

/**
 * Decodes `input` with `codec`, trying the codec's allocation-free `is` check first (compiled
 * by {@link fastIs}).
 *
 * Every codec of casefold decodes a valid value to itself (plain `t.type`, unions,
 * literals and refinements; no transforming codecs), so a value `is` accepts is returned
 * as it is, and only a value it refuses pays for `decode`, whose errors name the failing
 * fields. Use it only with such identity codecs: a transforming codec (e.g. a date from a
 * string) would hand back the undecoded input.
 */
export const decodeFast = <A>(codec: t.Type<A, unknown, unknown>, input: unknown): t.Validation<A> => (fastIs(codec, input) ? E.right(input) : codec.decode(input));
