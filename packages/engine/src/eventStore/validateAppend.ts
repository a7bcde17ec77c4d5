import { Buffer } from 'node:buffer';
import { chainEventsJson, type ChainedEvent, type ChainedEventJson, type StreamHead } from '../hashing/chainEvents.js';
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

/**
 * The most event JSON one append may carry in every store (the port's rule; {@link chainAppend}
 * and {@link chainAppendJson} enforce it): 200 MiB, the UTF-8 bytes of all its events' data and
 * metadata as canonical JSON, together. Whatever is below it every store writes and reads back:
 *
 * - PostgreSQL sends an append of more than 64 events as array parameters, each column ONE
 *   text in which quotes and backslashes are escaped again (at worst twice the characters):
 *   twice 200 MiB stays below what a JavaScript string holds (2^29 - 24 characters), where
 *   the driver failed with a `RangeError`.
 * - PostgreSQL takes at most 1 GB in one message (the insert with all its parameters) and in
 *   one value or row read back; twice 200 MiB, with ids and hashes of 65,535 events, stays below.
 *   Beyond it the server dropped the connection, which looked like an outage to retry.
 * - SQLite stores a value or row of at most 1,000,000,000 bytes (`SQLITE_MAX_LENGTH`).
 *
 * Events are facts about a case, not documents: a larger append is split over several
 * appends, and a large document is kept elsewhere with a reference (and hash) in its event.
 * See docs/postgres.md (Appends).
 */
export const MAX_APPEND_BYTES = 200 * 2 ** 20;

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

/** A number as messages show it: `209,715,200`. */
const shownCount = (n: number): string => n.toLocaleString('en-US');

/** What to do with an append over {@link MAX_APPEND_BYTES}; `alone` when one event of it is over by itself. */
const splitAdvice = (alone: boolean): string =>
  alone
    ? 'no event can carry that much, so keep the document outside the event store and put a reference (and its hash) in the event'
    : 'split the events over several appends (each at most that size), or keep large documents outside the event store and put a reference in the events';

/**
 * Why the chained append carries more event JSON than {@link MAX_APPEND_BYTES}, with its size
 * and its largest event's, or `null` when it does not. Counts UTF-8 bytes only when the
 * characters could be over (each UTF-16 unit takes at most 3 bytes): nearly every append costs
 * one pass over its events' lengths.
 */
const sizeProblem = (chained: readonly ChainedEventJson[]): string | null => {
  let units = 0;
  for (const { dataJson, metadataJson } of chained) units += dataJson.length + metadataJson.length;
  if (units * 3 <= MAX_APPEND_BYTES) return null;
  let bytes = 0;
  let largest = 0;
  let largestAt = 0;
  chained.forEach(({ dataJson, metadataJson }, i) => {
    const size = Buffer.byteLength(dataJson, 'utf8') + Buffer.byteLength(metadataJson, 'utf8');
    bytes += size;
    if (size > largest) [largest, largestAt] = [size, i];
  });
  if (bytes <= MAX_APPEND_BYTES) return null;
  const count = chained.length === 1 ? 'its one event carries' : `its ${shownCount(chained.length)} events carry`;
  const most = chained.length === 1 ? '' : `; the largest, event ${largestAt} (${shownId(chained[largestAt]!.event.eventId)}), carries ${shownCount(largest)}`;
  return (
    `${count} ${shownCount(bytes)} bytes of data and metadata as JSON (UTF-8)${most}; one append carries at most ${shownCount(MAX_APPEND_BYTES)} (MAX_APPEND_BYTES). ` +
    `Retrying the same append fails again: ${splitAdvice(largest > MAX_APPEND_BYTES)}`
  );
};

/** Whether `error` is V8's refusal to build a string longer than it holds (`Invalid string length`). */
const isStringTooLong = (error: unknown): boolean => error instanceof RangeError && /string length/i.test(error.message);

/**
 * Runs `chain`, turning a value JSON cannot represent as it is into an {@link InvalidAppendError} naming the stream, the event and where the value lies,
 * and event JSON too large for a JavaScript string (far over {@link MAX_APPEND_BYTES}) into one saying so.
 */
const asAppend = <T>(streamId: string, events: readonly NewEvent[], chain: () => T): T => {
  try {
    return chain();
  } catch (error) {
    const where = firstProblem(events);
    if (where === null && isStringTooLong(error)) {
      const size = `the JSON of its events' data and metadata is longer than a JavaScript string holds (${shownCount(2 ** 29 - 24)} characters), far more than one append carries (${shownCount(MAX_APPEND_BYTES)} bytes, MAX_APPEND_BYTES)`;
      throw new InvalidAppendError(streamId, `${size}. Retrying the same append fails again: ${splitAdvice(events.length === 1)}`);
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidAppendError(streamId, where === null ? reason : `${where}; events are stored as JSON and hashed as canonical JSON (RFC 8785), so they must be plain JSON data`);
  }
};

/**
 * {@link chainEventsJson} for an append, for adapters that write the canonical texts the
 * hash covers instead of serializing each event again: a value JSON cannot represent as it
 * is (NaN, a function, a bigint, a Date or other non-plain object, a cycle, a lone surrogate)
 * becomes an {@link InvalidAppendError} naming the stream, the event and where the value
 * lies, and so does an append whose events carry more than {@link MAX_APPEND_BYTES} of JSON
 * (its size, its largest event's, and what to do). Adapters call it inside their append
 * transaction, after reading the stream's head, and before sending anything.
 *
 * @throws InvalidAppendError
 */
export const chainAppendJson = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEventJson[] => {
  const chained = asAppend(streamId, events, () => chainEventsJson(streamId, head, events));
  const tooLarge = sizeProblem(chained);
  if (tooLarge !== null) throw new InvalidAppendError(streamId, tooLarge);
  return chained;
};

/**
 * The events of {@link chainAppendJson}, refusing what it refuses (a value
 * JSON cannot represent, more than {@link MAX_APPEND_BYTES} of event JSON) with
 * {@link InvalidAppendError}, for adapters that write the events rather than their texts.
 *
 * @throws InvalidAppendError
 */
export const chainAppend = (streamId: string, head: StreamHead | null, events: readonly NewEvent[]): ChainedEvent[] => chainAppendJson(streamId, head, events).map((e) => e.event);
