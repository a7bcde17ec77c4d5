import { chainEvents, chainEventsJson, type ChainedEvent, type ChainedEventJson, type StreamHead } from '../hashing/chainEvents.js';
import { jsonProblem } from '../hashing/canonicalJson.js';
import type { AppendOptions, ExpectedRevision, NewEvent } from './eventStore.js';
import { InvalidAppendError, WrongExpectedRevisionError, shownId, type ActualRevision } from './errors.js';

/**
 * The longest stream id, event id or event type every store accepts, in UTF-8 bytes (the
 * port's rule; {@link validateAppend} enforces it). 1,000 bytes is at least 333 characters
 * of any script (a Chinese character takes 3 bytes) and stays well below the longest key a
 * B-tree index holds: PostgreSQL refuses index entries over about 2,700 bytes (a third of a
 * page) and the store indexes the stream id; MySQL (3,072) and SQL Server (1,700) allow less
 * than PostgreSQL but still more than 1,000. See docs/store-semantics.md.
 */
export const MAX_ID_BYTES = 1_000;

/** A lone surrogate (in `u` mode, `[\uD800-\uDFFF]` matches no half of a valid pair). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** UTF-8 length of a well-formed string: 1 byte below U+0080, 2 below U+0800, 4 per surrogate pair, else 3. */
const utf8Bytes = (text: string): number => {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes += unit < 0x80 ? 1 : unit < 0x800 || (unit >= 0xd800 && unit <= 0xdfff) ? 2 : 3;
  }
  return bytes;
};

/**
 * Why `value` cannot be a stream id, event id or event type in every store, or `null` when
 * it can: it must be a non-empty string of well-formed Unicode (no lone surrogate) without
 * U+0000, at most {@link MAX_ID_BYTES} bytes in UTF-8. PostgreSQL text holds neither U+0000
 * nor a lone surrogate (not UTF-8), so no store accepts them, and an export from one store
 * always imports into another.
 */
export const idProblem = (value: unknown): string | null => {
  if (typeof value !== 'string' || value.length === 0) return 'must be a non-empty string';
  if (value.includes('\u0000')) return 'contains U+0000 (NUL), which no store accepts (PostgreSQL text cannot hold it)';
  if (LONE_SURROGATE.test(value)) return 'contains a lone surrogate (not well-formed Unicode, so not storable as UTF-8 text)';
  // Each UTF-16 unit takes at most 3 bytes: only longer strings need counting.
  const bytes = value.length * 3 <= MAX_ID_BYTES ? 0 : utf8Bytes(value);
  if (bytes > MAX_ID_BYTES) return `is ${bytes} bytes in UTF-8; the limit is ${MAX_ID_BYTES} (MAX_ID_BYTES)`;
  return null;
};

/**
 * Checks the parts of an append that do not depend on the store: a stream id, and at least
 * one event, each with an event id and type, that pass {@link idProblem} (non-empty,
 * well-formed Unicode without U+0000, at most {@link MAX_ID_BYTES} bytes in UTF-8) and a
 * metadata object, a non-negative bigint or `'any'`/`'no_stream'`/`'stream_exists'` as
 * expected revision (a number such as `0` is refused: revisions are bigints). (Whether data
 * and metadata are JSON is checked by {@link chainAppend}.) Adapters call it before opening
 * a transaction. Returns the expected revision with its default (`'any'`) applied.
 *
 * @throws InvalidAppendError
 */
export const validateAppend = (streamId: string, events: readonly NewEvent[], options: AppendOptions | undefined): ExpectedRevision => {
  const streamProblem = idProblem(streamId);
  if (streamProblem !== null) throw new InvalidAppendError(String(streamId), `the stream id ${streamProblem}`);
  if (events.length === 0) throw new InvalidAppendError(streamId, 'an append needs at least one event');
  for (let i = 0; i < events.length; i++) {
    const { eventId, type, metadata } = events[i]!;
    const eventIdProblem = idProblem(eventId);
    if (eventIdProblem !== null) throw new InvalidAppendError(streamId, `event ${i} has an eventId that ${eventIdProblem}`);
    const typeProblem = idProblem(type);
    if (typeProblem !== null) throw new InvalidAppendError(streamId, `event ${i} (${shownId(eventId)}) has a type that ${typeProblem}`);
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
  const matches = expected === 'any' || (expected === 'no_stream' ? actual === 'no_stream' : expected === 'stream_exists' ? actual !== 'no_stream' : actual === expected);
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
export const chainAppend = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEvent[] => asAppend(streamId, events, () => chainEvents(streamId, head, events));

/**
 * {@link chainEventsJson} for an append, refusing what JSON cannot represent as
 * {@link chainAppend} does: for adapters that write the canonical texts the hash covers
 * instead of serializing each event again.
 *
 * @throws InvalidAppendError
 */
export const chainAppendJson = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEventJson[] =>
  asAppend(streamId, events, () => chainEventsJson(streamId, head, events));
