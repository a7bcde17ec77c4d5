import { chainEvents, chainEventsJson, type ChainedEvent, type ChainedEventJson, type StreamHead } from '../audit/chainEvents.js';
import type { AppendOptions, ExpectedRevision, NewEvent } from './eventStore.js';
import { InvalidAppendError, WrongExpectedRevisionError, type ActualRevision } from './errors.js';

/**
 * Checks the parts of an append that do not depend on the store: a non-empty stream id,
 * at least one event, each with a non-empty event id and type and a metadata object, a
 * non-negative expected revision. (Whether data and metadata are JSON is checked by
 * {@link chainAppend}.) Adapters call it before opening
 * a transaction. Returns the expected revision with its default (`'any'`) applied.
 *
 * @throws InvalidAppendError
 */
export const validateAppend = (
  streamId: string,
  events: readonly NewEvent[],
  options: AppendOptions | undefined,
): ExpectedRevision => {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidAppendError(String(streamId), 'the stream id must be a non-empty string');
  }
  if (events.length === 0) throw new InvalidAppendError(streamId, 'an append needs at least one event');
  for (let i = 0; i < events.length; i++) {
    const { eventId, type, metadata } = events[i]!;
    if (typeof eventId !== 'string' || eventId.length === 0) throw new InvalidAppendError(streamId, `event ${i} has no eventId (a non-empty string)`);
    if (typeof type !== 'string' || type.length === 0) throw new InvalidAppendError(streamId, `event ${i} (${eventId}) has no type (a non-empty string)`);
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new InvalidAppendError(streamId, `event ${i} (${eventId}) has no metadata object`);
    }
  }
  const expected = options?.expectedRevision ?? 'any';
  if (typeof expected === 'bigint' && expected < 0n) {
    throw new InvalidAppendError(streamId, `expected revision ${expected} is negative; use 'no_stream' for a new stream`);
  }
  return expected;
};

/**
 * Compares an append's expected revision with the stream's actual one, as every adapter
 * must: `'any'` always passes, `'no_stream'` needs a missing stream, `'stream_exists'` an
 * existing one, a bigint the revision of the stream's last event.
 *
 * @throws WrongExpectedRevisionError when they do not match.
 */
export const checkExpectedRevision = (streamId: string, expected: ExpectedRevision, actual: ActualRevision): void => {
  const matches =
    expected === 'any' ||
    (expected === 'no_stream' ? actual === 'no_stream' : expected === 'stream_exists' ? actual !== 'no_stream' : actual === expected);
  if (!matches) throw new WrongExpectedRevisionError(streamId, expected, actual);
};

/** Runs `chain`, turning a value JSON cannot represent into an {@link InvalidAppendError} naming the stream. */
const asAppend = <T>(streamId: string, chain: () => T): T => {
  try {
    return chain();
  } catch (error) {
    throw new InvalidAppendError(streamId, error instanceof Error ? error.message : String(error));
  }
};

/**
 * {@link chainEvents} for an append: a value JSON cannot represent (NaN, a function, a
 * lone surrogate) becomes an {@link InvalidAppendError} naming the stream. Adapters call it
 * inside their append transaction, after reading the stream's head.
 *
 * @throws InvalidAppendError
 */
export const chainAppend = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEvent[] =>
  asAppend(streamId, () => chainEvents(streamId, head, events));

/**
 * {@link chainEventsJson} for an append, refusing what JSON cannot represent as
 * {@link chainAppend} does: for adapters that write the canonical texts the hash covers
 * instead of serializing each event again.
 *
 * @throws InvalidAppendError
 */
export const chainAppendJson = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEventJson[] =>
  asAppend(streamId, () => chainEventsJson(streamId, head, events));
