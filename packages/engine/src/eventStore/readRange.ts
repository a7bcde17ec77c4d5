import type { ReadAllOptions, ReadStreamOptions, StreamFilter } from './eventStore.js';
import { InvalidStreamFilterError } from './errors.js';
import { idProblem } from './validateAppend.js';

/** Largest revision or position a store keeps (a signed 64-bit integer, as SQL stores do): nothing lies beyond it. */
export const MAX_STORED_INTEGER = 2n ** 63n - 1n;

/** A revision or position bound, clamped to ±{@link MAX_STORED_INTEGER}. */
const clamp = (value: bigint): bigint => (value > MAX_STORED_INTEGER ? MAX_STORED_INTEGER : value < -MAX_STORED_INTEGER ? -MAX_STORED_INTEGER : value);

/** `maxCount` as the port defines it: missing means no limit, below 0 means 0, fractions round up. */
export const maxCountOf = (maxCount: number | undefined): number => (maxCount === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.ceil(maxCount)));

/** A stream read's options, normalised: the direction, the first revision to read (inclusive), how many events at most. */
export interface StreamRange {
  readonly backwards: boolean;
  readonly fromRevision: bigint;
  readonly maxCount: number;
}

/** {@link ReadStreamOptions} with the port's defaults filled in and bounds clamped, for an adapter's reads. */
export const streamRangeOf = (options: ReadStreamOptions | undefined): StreamRange => {
  const backwards = options?.direction === 'backwards';
  return {
    backwards,
    fromRevision: clamp(options?.fromRevision ?? (backwards ? MAX_STORED_INTEGER : 0n)),
    maxCount: maxCountOf(options?.maxCount),
  };
};

/** A whole-store read's options, normalised: the position after which to read (exclusive), how many events at most, of which streams. */
export interface AllRange {
  readonly fromPosition: bigint;
  readonly maxCount: number;
  /** `''` for every stream. */
  readonly streamPrefix: string;
}

/**
 * A `streamPrefix` as the port defines it: missing means `''` (every stream); any other must
 * be a text a stream id can start with (the rule of `idProblem`). Adapters call it before
 * touching the store.
 *
 * @throws InvalidStreamFilterError
 */
export const streamPrefixOf = (filter: StreamFilter | undefined): string => {
  const prefix: unknown = filter?.streamPrefix;
  if (prefix === undefined || prefix === '') return '';
  const problem = idProblem(prefix);
  if (problem !== null) throw new InvalidStreamFilterError(problem);
  return prefix as string;
};

/** Whether `streamId` lies under `prefix` (every stream lies under `''`). */
export const underPrefix = (streamId: string, prefix: string): boolean => streamId.startsWith(prefix);

/** {@link ReadAllOptions} with the port's defaults filled in and bounds clamped, for an adapter's reads. */
export const allRangeOf = (options: ReadAllOptions | undefined): AllRange => ({
  fromPosition: clamp(options?.fromPosition ?? 0n),
  maxCount: maxCountOf(options?.maxCount),
  streamPrefix: streamPrefixOf(options),
});
