/**
 * The event-store port: one set of semantics for every adapter (in-memory, SQLite and
 * PostgreSQL today; any other store adapted to it). See docs/store-semantics.md.
 *
 * - `revision`: 0-based index of an event in its stream.
 * - `position`: a bigint that strictly increases in the order events become visible to
 *   readers of the whole store. A reader resuming from a position never skips and never
 *   repeats an event.
 * - Reading a missing stream yields no events; it does not throw.
 * - Reads are async iterables that page through the store in bounded memory.
 * - A multi-event append is atomic: all or nothing.
 * - A whole-store read, a subscription and the last position can be narrowed to the streams
 *   whose id starts with a text (`streamPrefix`: a tenant's `xishan/`, a category's `case-`).
 *   Positions stay the store's: a narrowed read skips the positions of other streams, and
 *   resuming it from any position it handed out never skips or repeats one of its events.
 */

/** JSON value as stored in `data` and `metadata`. Bigints are not JSON: encode them as decimal strings. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** Expected revision on append: the revision of the stream's last event, or a condition. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

/** Metadata the engine writes with every event. Adapters store it verbatim. */
export interface EventMetadata {
  readonly [key: string]: Json | undefined;
  /** When the fact happened in the domain (ISO-8601 UTC). */
  readonly occurredAt: string;
  /** When the engine handed the event to the store (ISO-8601 UTC). */
  readonly recordedAt: string;
  /** Id of the command that produced the event; the key of idempotency. */
  readonly commandId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** Version of the event's data schema; upcasters lift older versions on read. */
  readonly schemaVersion: number;
}

/** An event about to be appended. The engine adds revision and hash fields. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: Json;
  readonly metadata: EventMetadata;
}

/** An event as a store returns it. */
export interface RecordedEvent extends NewEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  /** `hash` of the previous event in the stream; 64 zeros for revision 0. */
  readonly prevHash: string;
  /** SHA-256 (hex) over prevHash and the RFC 8785 canonical JSON of the event. */
  readonly hash: string;
}

/**
 * An event as its store keeps it: data and metadata as the JSON texts written at append
 * (the RFC 8785 canonical JSON the event's hash covers, when this library wrote them).
 * Audits check hashes over these texts without parsing them (see `verifyAll`);
 * {@link parseStoredEvent} turns one into a {@link RecordedEvent}.
 */
export interface StoredEvent {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: bigint;
  readonly eventId: string;
  readonly type: string;
  /** The stored text of `data`. */
  readonly dataJson: string;
  /** The stored text of `metadata`. */
  readonly metadataJson: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** Options of {@link EventStore.appendToStream}. */
export interface AppendOptions {
  /** Defaults to `'any'`. */
  readonly expectedRevision?: ExpectedRevision;
}

/** What {@link EventStore.appendToStream} wrote: the recorded events, and where the stream and the store now end. */
export interface AppendResult {
  /** Revision of the last appended event: pass it as the next expected revision. */
  readonly nextExpectedRevision: bigint;
  /** Position of the last appended event. */
  readonly lastPosition: bigint;
  /** The appended events as recorded, with revisions, positions and hashes. */
  readonly events: readonly RecordedEvent[];
}

/** The order of a stream read: by increasing or decreasing revision. */
export type Direction = 'forwards' | 'backwards';

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive. Defaults to the first (forwards) or last (backwards) event. */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

/** Narrows a whole-store read, a subscription or the last position to some streams. */
export interface StreamFilter {
  /**
   * Only the events of streams whose id starts with this text, compared exactly (character by
   * character: no pattern, no case folding), e.g. a tenant's `xishan/`. Defaults to every stream
   * (as does `''`).
   */
  readonly streamPrefix?: string;
}

/** Options of {@link EventStore.readAll}: the whole store (or the streams of a prefix) in position order. */
export interface ReadAllOptions extends StreamFilter {
  /** Exclusive: yields events with position > fromPosition. Defaults to the start. */
  readonly fromPosition?: bigint;
  /** Most events to yield (of those the prefix selects). */
  readonly maxCount?: number;
}

/** Options of {@link EventStore.subscribeToAll}. */
export interface SubscribeOptions extends StreamFilter {
  /** Exclusive, as in {@link ReadAllOptions}. */
  readonly fromPosition?: bigint;
}

/** Options of {@link EventStore.readLastPosition}. */
export type LastPositionOptions = StreamFilter;

/**
 * An optional extension of the iterators that reads return: `nextPage(maxCount)` hands out
 * the next events (at most `maxCount`, at least one unless the read is at its end) in one
 * array, advancing the same cursor as `next()`. An empty page means the read is done.
 * Readers that fold many events (command handling, hash verification) use it through
 * {@link forEachEvent} to skip a promise per event; a store whose reads fetch pages anyway
 * (SQL adapters) can offer it cheaply. Iterators without it are read with `next()`.
 */
export interface PagedAsyncIterator<T> extends AsyncIterator<T, undefined> {
  nextPage(maxCount: number): Promise<readonly T[]>;
}

/** A live subscription: catches up from a position, then follows new appends. */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Stops the subscription; a pending iteration ends. */
  close(): Promise<void>;
}

/** The store port every adapter implements. */
export interface EventStore {
  /**
   * Optional, for a view that keeps its streams under a prefix in the store beneath it (a
   * tenant's, `xishan/`: see `tenantEventStore`): what its stored reads put before each stream
   * id, and so what the hashes cover, while its parsed reads hand out the stream ids as its
   * callers name them. Absent (or `''`) for an adapter: stored and parsed reads name streams alike.
   */
  readonly storedStreamPrefix?: string;
  appendToStream(streamId: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * Optional: {@link readStream} handing out events as stored, their data and metadata
   * unparsed ({@link StoredEvent}). Same events, same order, same options. Stores that keep
   * JSON text (SQL adapters) offer it, so that verification hashes the stored texts instead
   * of parsing and serializing every event again.
   */
  readStoredStream?(streamId: string, options?: ReadStreamOptions): AsyncIterable<StoredEvent>;
  /** Optional: {@link readAll} handing out events as stored, as {@link readStoredStream} does. */
  readStoredAll?(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /**
   * The position of the newest committed event (`0n` when the store has none), or of the newest
   * of the streams a `streamPrefix` selects (`0n` when they have none). A whole-store read with
   * the same prefix reaches it once the appends running now have committed.
   */
  readLastPosition(options?: LastPositionOptions): Promise<bigint>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  close(): Promise<void>;
}
