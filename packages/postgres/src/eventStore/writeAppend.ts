import { StoreUnavailableError, WrongExpectedRevisionError } from '@casefold/engine';
import { chainAppendJson, checkExpectedRevision, recordedEvent } from '@casefold/engine/adapter';
import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from '@casefold/engine';
import type { ChainedEventJson } from '@casefold/engine/adapter';
import type { Query, Statement } from '../database/openDatabase.js';
import { arrayLiteral } from './arrayLiteral.js';
import type { HeadCache, StoredHead } from './headCache.js';
import { POSITION_SHIFT, transactionPositionSql } from './positions.js';
import type { StoreContext } from './storeContext.js';

/** Most attempts of an `'any'`/`'stream_exists'` append that keeps losing to concurrent writers. */
const MAX_ATTEMPTS = 100;
/** Appends of up to this many events use a multi-row VALUES list; longer ones send arrays. */
const MAX_VALUES_ROWS = 64;
/** Appends of up to this many events run as named (prepared once per connection) statements. */
const MAX_PREPARED_ROWS = 8;

/** The events table's columns, in the order the inserts give them. */
export const COLUMNS = '(position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash)';

/** An append that passed validation, as the store writes it. */
export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  /** Names the append in errors: `append to stream '…'`. */
  readonly operation: string;
}

/** Writes one append alone: one insert statement, a transaction of its own (see {@link createWriteAppend}). */
export type WriteAppend = (request: AppendRequest, query: Query, heads: HeadCache) => Promise<AppendResult>;

/**
 * The result of an append whose chained events were inserted by a transaction whose positions
 * have the high bits of `position` (any position it wrote), at indexes `firstIndex`, … (positions.ts).
 */
export const appendResult = (chained: readonly ChainedEventJson[], position: bigint, firstIndex: number): AppendResult => {
  const high = (position >> POSITION_SHIFT) << POSITION_SHIFT;
  const events: RecordedEvent[] = chained.map((e, i) => recordedEvent(e.event, high | BigInt(firstIndex + i)));
  const last = events[events.length - 1]!;
  return { nextExpectedRevision: last.revision, lastPosition: last.position, events };
};

/** The head an append leaves: its last event's. */
export const headAfter = ({ events }: AppendResult): StoredHead => {
  const last = events[events.length - 1]!;
  return { revision: last.revision, hash: last.hash, position: last.position };
};

/** Whether a cached head may be built on without reading the stream: always, unless a revision is expected that it does not have (then the stream is read). */
export const cachedHeadServes = (cached: StoredHead, expected: ExpectedRevision): boolean => typeof expected !== 'bigint' || cached.revision === expected;

/** Builds the insert of `count` events: one statement, so all or nothing. */
const insertStatement = (context: StoreContext, count: number): Statement => {
  const high = transactionPositionSql(context.positionBase);
  const into = `INSERT INTO ${context.quoted}.events ${COLUMNS}`;
  if (count > MAX_VALUES_ROWS) {
    return {
      name: `casefold_append_${context.tag}_n`,
      text: `${into}
        SELECT ${high} | (u.ord - 1), $1, $2::bigint + u.ord - 1, u.event_id, u.type, u.data, u.metadata, u.prev_hash, u.hash
        FROM unnest($3::text[], $4::text[], $5::json[], $6::json[], $7::text[], $8::text[]) WITH ORDINALITY
          AS u(event_id, type, data, metadata, prev_hash, hash, ord)
        RETURNING position`,
    };
  }
  // A plain VALUES list, as a hand-written insert would be: the cheapest plan.
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = 3 + i * 6;
    rows.push(`(${high} | ${i}, $1, $2::bigint + ${i}, $${p}, $${p + 1}, $${p + 2}::json, $${p + 3}::json, $${p + 4}, $${p + 5})`);
  }
  return {
    ...(count <= MAX_PREPARED_ROWS ? { name: `casefold_append_${context.tag}_${count}` } : {}),
    text: `${into} VALUES ${rows.join(', ')} RETURNING position`,
  };
};

/**
 * The insert's parameters. Data and metadata go in as the canonical JSON texts their hashes
 * cover ({@link chainAppendJson}): each event is serialized once, and the `json` columns keep
 * the text verbatim, so verification hashes stored text without parsing it. Longer appends
 * send each column as one array literal ({@link arrayLiteral}), which `chainAppendJson`'s
 * MAX_APPEND_BYTES keeps within what a JavaScript string and a PostgreSQL message hold.
 */
const parameters = (streamId: string, chained: readonly ChainedEventJson[]): unknown[] => {
  const first = chained[0]!.event.revision;
  if (chained.length > MAX_VALUES_ROWS) {
    return [
      streamId,
      first.toString(),
      arrayLiteral(chained.map((e) => e.event.eventId)),
      arrayLiteral(chained.map((e) => e.event.type)),
      arrayLiteral(chained.map((e) => e.dataJson)),
      arrayLiteral(chained.map((e) => e.metadataJson)),
      arrayLiteral(chained.map((e) => e.event.prevHash)),
      arrayLiteral(chained.map((e) => e.event.hash)),
    ];
  }
  const values: unknown[] = [streamId, first.toString()];
  for (const { event, dataJson, metadataJson } of chained) values.push(event.eventId, event.type, dataJson, metadataJson, event.prevHash, event.hash);
  return values;
};

const isRevisionConflict = (e: unknown): boolean => {
  const cause = (e as { code?: unknown; constraint?: unknown } | null) ?? {};
  return cause.code === '23505' && cause.constraint === 'events_stream_revision';
};

/**
 * Writes one append with optimistic concurrency in one insert statement: the events'
 * revisions continue the stream head, and the unique `(stream_id, revision)` index rejects
 * the insert if another writer moved the head meanwhile. The head comes from `heads` when it
 * satisfies the expectation, else from the database; the hash chain is computed by the engine
 * ({@link chainAppendJson}) from that head, and is right because the insert only succeeds on it.
 * `'any'` and `'stream_exists'` retry with the new head; a bigint or `'no_stream'` expectation
 * fails with {@link WrongExpectedRevisionError}. Positions are the transaction's high bits
 * (positions.ts) with the event's index in the append as low bits. Group commit writes its
 * groups with one statement of its own (groupCommit.ts) and falls back on this one.
 */
export const createWriteAppend = (context: StoreContext): WriteAppend => {
  const readHeadStatement: Statement = {
    name: `casefold_head_${context.tag}`,
    text: `SELECT revision, hash, position FROM ${context.quoted}.events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
  };
  const statements = new Map<number, Statement>();
  const statementFor = (count: number): Statement => {
    const key = count > MAX_VALUES_ROWS ? -1 : count;
    let statement = statements.get(key);
    if (statement === undefined) {
      statement = insertStatement(context, count);
      statements.set(key, statement);
    }
    return statement;
  };

  const readHead = async (query: Query, streamId: string, operation: string): Promise<StoredHead | null> => {
    const [row] = await query(operation, readHeadStatement, [streamId]);
    return row === undefined ? null : { revision: BigInt(row[0] ?? '0'), hash: row[1] ?? '', position: BigInt(row[2] ?? '0') };
  };

  /** The head to build on, or `null` for a new stream; throws when the expectation fails. */
  const headFor = async ({ streamId, expected, operation }: AppendRequest, query: Query, heads: HeadCache): Promise<StoredHead | null> => {
    if (expected === 'no_stream') return null;
    const cached = heads.get(streamId);
    if (cached !== undefined && cachedHeadServes(cached, expected)) return cached;
    const head = await readHead(query, streamId, operation);
    checkExpectedRevision(streamId, expected, head === null ? 'no_stream' : head.revision);
    return head;
  };

  return async (request, query, heads) => {
    const { streamId, events, expected, operation } = request;
    for (let attempt = 1; ; attempt++) {
      const head = await headFor(request, query, heads);
      const chained = chainAppendJson(streamId, head, events);
      let rows;
      try {
        rows = await query(operation, statementFor(chained.length), parameters(streamId, chained));
      } catch (e) {
        if (!isRevisionConflict(e)) throw e;
        heads.delete(streamId);
        if (expected === 'any' || expected === 'stream_exists') {
          if (attempt < MAX_ATTEMPTS) continue;
          throw new StoreUnavailableError(`${operation}: lost to concurrent writers ${MAX_ATTEMPTS} times in a row`, { cause: e });
        }
        const actual = await readHead(query, streamId, operation);
        throw new WrongExpectedRevisionError(streamId, expected, actual === null ? 'no_stream' : actual.revision);
      }
      const result = appendResult(chained, BigInt(rows[0]?.[0] ?? '0'), 0);
      heads.set(streamId, headAfter(result));
      return result;
    }
  };
};
