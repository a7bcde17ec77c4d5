import { chainEvents, chainEventsJson, type ChainedEvent, type ChainedEventJson, type StreamHead } from '../audit/chainEvents.js';
import { jsonProblem } from '../audit/canonicalJson.js';
import type { AppendOptions, ExpectedRevision, NewEvent } from './eventStore.js';
import { InvalidAppendError, WrongExpectedRevisionError, type ActualRevision } from './errors.js';

/**
 * Checks the parts of an append that do not depend on the store: a non-empty stream id,
 * at least one event, each with a non-empty event id and type and a metadata object, a
 * non-negative bigint or `'any'`/`'no_stream'`/`'stream_exists'` as expected revision
 * (a number such as `0` is refused: revisions are bigints). (Whether data and metadata are JSON is checked by
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
  const expected: unknown = options?.expectedRevision ?? 'any';
  if (typeof expected !== 'bigint' && expected !== 'any' && expected !== 'no_stream' && expected !== 'stream_exists') {
    const given = typeof expected === 'string' ? `'${expected}'` : `${String(expected)} (a ${typeof expected})`;
    const hint = typeof expected === 'number' && Number.isInteger(expected) ? `; write ${expected}n for revision ${expected}` : '';
    throw new InvalidAppendError(streamId, `expected revision ${given} is neither a bigint revision nor 'any', 'no_stream' or 'stream_exists'${hint}`);
  }
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

/** Where the first value {@link canonicalJson} refuses lies in an append, as `event i (id): …`; `null` if in no data or metadata. */
const firstProblem = (events: readonly NewEvent[]): string | null => {
  for (let i = 0; i < events.length; i++) {
    const { eventId, data, metadata } = events[i]!;
    const problem = jsonProblem(data, 'data') ?? jsonProblem(metadata, 'metadata');
    if (problem !== null) return `event ${i} (${eventId}) holds ${problem}`;
  }
  return null;
};

/** Runs `chain`, turning a value JSON cannot represent as it is into an {@link InvalidAppendError} naming the stream, the event and where the value lies. */
const asAppend = <T>(streamId: string, events: readonly NewEvent[], chain: () => T): T => {
  try {
    return chain();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const where = firstProblem(events);
    throw new InvalidAppendError(streamId, where === null ? reason : `${where}; events are stored as JSON and hashed as canonical JSON (RFC 8785), so they must be plain JSON data`);
  }
};

/**
 * {@link chainEvents} for an append: a value JSON cannot represent as it is (NaN, a
 * function, a bigint, a Date or other non-plain object, a cycle, a lone surrogate) becomes
 * an {@link InvalidAppendError} naming the stream, the event and where the value lies. Adapters call it
 * inside their append transaction, after reading the stream's head.
 *
 * @throws InvalidAppendError
 */
export const chainAppend = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEvent[] =>
  asAppend(streamId, events, () => chainEvents(streamId, head, events));

/**
 * {@link chainEventsJson} for an append, refusing what JSON cannot represent as
 * {@link chainAppend} does: for adapters that write the canonical texts the hash covers
 * instead of serializing each event again.
 *
 * @throws InvalidAppendError
 */
export const chainAppendJson = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEventJson[] =>
  asAppend(streamId, events, () => chainEventsJson(streamId, head, events));
