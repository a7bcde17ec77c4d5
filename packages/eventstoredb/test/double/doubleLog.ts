/**
 * TEST FIXTURE, NOT A PRODUCT. The in-memory transaction log of the EventStoreDB protocol
 * double (see eventStoreDouble.ts): streams, revisions, `$all` positions, expected-version
 * checks and idempotency as the real server decides them, for the calls casefold's adapter
 * makes. Nothing here is durable, replicated or fast; it exists so that the adapter's tests
 * run where no server can be installed.
 *
 * Sources (EventStore/EventStore, the server; paths at its main branch):
 * - positions: each event of a single (implicit-transaction) append is a prepare record that
 *   commits itself; `$all` reads give it `TFPos(prepare.LogPosition, prepare.LogPosition)`, so
 *   its commit position is its own log position, a byte offset into the log
 *   (src/EventStore.Core/Services/Storage/ReaderIndex/AllReader.cs, ReadAllEventsForwardInternal;
 *   src/EventStore.Core/Data/ResolvedEvent.cs, CalculatePosition: a self-committed event has its
 *   position also when read from its stream). Positions grow by the record's size: they are not
 *   consecutive numbers.
 * - expected versions and idempotency: src/EventStore.Core/Services/Storage/ReaderIndex/IndexWriter.cs,
 *   CheckCommit: a new stream accepts `any` and `no_stream`; `stream_exists` needs events; for
 *   `any`/`stream_exists`, event ids already written to the stream make the append idempotent
 *   (all of them: success without writing; only some: corrupted idempotency); for a revision
 *   below the current one, the same ids at the following revisions make it idempotent, else
 *   the version is wrong.
 */

/** One event in the log, as the server keeps it. */
export interface LogEvent {
  readonly streamName: string;
  readonly revision: bigint;
  /** The event id, as the UUID string the client sent. */
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  /** Mutable only through {@link DoubleLog.corrupt}, the tests' way to damage a stored event. */
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** When it was written, in .NET ticks (100 ns) since the Unix epoch, as the `created` metadata. */
  readonly created: bigint;
  /** Commit position = prepare position: the record's byte offset in the log. */
  readonly position: bigint;
}

/** An event proposed by an append. */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** The expected version of an append, as the protocol carries it. */
export type Expected = { readonly kind: 'any' } | { readonly kind: 'no_stream' } | { readonly kind: 'stream_exists' } | { readonly kind: 'revision'; readonly revision: bigint };

/** What an append decided. */
export type AppendOutcome = { readonly kind: 'success'; readonly revision: bigint; readonly position: bigint } | { readonly kind: 'wrong_expected_version'; readonly current: bigint | 'no_stream' };

/** Bytes a record takes besides its payload (header, ids, flags), roughly as a v2 prepare record does. */
const RECORD_OVERHEAD = 100n;

const TICKS_PER_MS = 10_000n;

/** The log: an append-only list of events, the streams' indexes into it, and who listens. */
export class DoubleLog {
  readonly #events: LogEvent[] = [];
  readonly #streams = new Map<string, LogEvent[]>();
  readonly #listeners = new Set<(events: readonly LogEvent[]) => void>();
  /** The next record's position. The real log starts with system records (epochs, `$settings`), so the first position is not 0. */
  #nextPosition = 0n;

  /** Every event, in position order (the `$all` stream). */
  get all(): readonly LogEvent[] {
    return this.#events;
  }

  /** The stream's events by revision, or `undefined` when it has none. */
  stream(name: string): readonly LogEvent[] | undefined {
    return this.#streams.get(name);
  }

  /** Called with every batch of events once written, in order. Returns the unsubscribe. */
  listen(listener: (events: readonly LogEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Index of the first event at or after `position` in {@link all} (binary search: positions increase). */
  indexAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.#events.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#events[middle]!.position < position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Decides and, when allowed, writes an append, as IndexWriter.CheckCommit and the storage writer do. */
  append(streamName: string, expected: Expected, proposed: readonly ProposedEvent[]): AppendOutcome {
    const stream = this.#streams.get(streamName);
    const current = stream === undefined ? -1n : BigInt(stream.length - 1);
    const currentOrNone = current < 0n ? 'no_stream' : current;
    const idempotent = this.#idempotent(stream ?? [], expected, proposed);
    if (idempotent !== undefined) return idempotent;
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === -1n) ||
      (expected.kind === 'stream_exists' && current >= 0n) ||
      (expected.kind === 'revision' && expected.revision === current);
    if (!ok) return { kind: 'wrong_expected_version', current: currentOrNone };
    if (proposed.length === 0) return { kind: 'success', revision: current, position: this.#nextPosition };
    const events = stream ?? [];
    const created = BigInt(Date.now()) * TICKS_PER_MS;
    const written: LogEvent[] = [];
    for (const event of proposed) {
      const position = this.#nextPosition;
      this.#nextPosition += RECORD_OVERHEAD + BigInt(event.data.length + event.customMetadata.length + Buffer.byteLength(streamName) + Buffer.byteLength(event.type));
      const logEvent: LogEvent = { streamName, revision: BigInt(events.length), ...event, created, position };
      events.push(logEvent);
      this.#events.push(logEvent);
      written.push(logEvent);
    }
    this.#streams.set(streamName, events);
    for (const listener of this.#listeners) listener(written);
    const last = written[written.length - 1]!;
    return { kind: 'success', revision: last.revision, position: last.position };
  }

  /** The idempotent outcome of an append whose events are already in the stream, or `undefined`. */
  #idempotent(stream: readonly LogEvent[], expected: Expected, proposed: readonly ProposedEvent[]): AppendOutcome | undefined {
    if (proposed.length === 0) return undefined;
    let from: number;
    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      from = stream.findIndex((event) => event.id === proposed[0]!.id);
      if (from < 0) return undefined;
    } else {
      from = expected.kind === 'no_stream' ? 0 : Number(expected.revision) + 1;
      if (from >= stream.length || stream[from]!.id !== proposed[0]!.id) return undefined;
    }
    const matches = proposed.every((event, i) => stream[from + i]?.id === event.id);
    // A partial match is "corrupted idempotency" in the server; the double answers it as a wrong expected version (the server's own answer for it is not modelled).
    if (!matches) return { kind: 'wrong_expected_version', current: stream.length === 0 ? 'no_stream' : BigInt(stream.length - 1) };
    const last = stream[from + proposed.length - 1]!;
    return { kind: 'success', revision: last.revision, position: last.position };
  }

  /** Writes events the way the server itself does at start: its own `$`-prefixed system streams. */
  writeSystemEvents(): void {
    const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
    this.append('$settings', { kind: 'any' }, [
      {
        id: '00000000-0000-4000-8000-000000000001',
        type: 'update-default-acl',
        contentType: 'application/json',
        data: json({ $userStreamAcl: {}, $systemStreamAcl: {} }),
        customMetadata: new Uint8Array(),
      },
    ]);
  }

  /** TEST ONLY: replaces a stored event's data or custom metadata, as a bad manual edit of the server's files would. */
  corrupt(streamName: string, revision: bigint, damage: { readonly data?: Uint8Array; readonly customMetadata?: Uint8Array }): void {
    const event = this.#streams.get(streamName)?.[Number(revision)];
    if (event === undefined) throw new Error(`double: no event at ${streamName}@${revision}`);
    if (damage.data !== undefined) event.data = damage.data;
    if (damage.customMetadata !== undefined) event.customMetadata = damage.customMetadata;
  }
}
