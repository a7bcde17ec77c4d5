import { StoreUnavailableError, WrongExpectedRevisionError } from '@casefold/engine';
import { chainAppendJson, checkExpectedRevision, recordedEvent } from '@casefold/engine/adapter';
import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from '@casefold/engine';
import type { ChainedEventJson } from '@casefold/engine/adapter';
import type { Query, Statement } from '../database/openDatabase.js';
import type { HeadCache, StoredHead } from './headCache.js';
import { POSITION_SHIFT, transactionPositionSql } from './positions.js';
import type { StoreContext } from './storeContext.js';

/** Most attempts of an `'any'`/`'stream_exists'` append that keeps losing to concurrent writers. */
const MAX_ATTEMPTS = 100;
/** Appends of up to this many events use a multi-row VALUES list; longer ones send arrays. */
const MAX_VALUES_ROWS = 64;
/** Appends of up to this many events run as named (prepared once per connection) statements. */
const MAX_PREPARED_ROWS = 8;

const COLUMNS = '(position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash)';

/** An append that passed validation, as the store writes it. */
export interface AppendRequest {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: ExpectedRevision;
  /** Names the append in errors: `append to stream '…'`. */
  readonly operation: string;
}

/** Where and how one append is written. */
export interface AppendTarget {
  /** Runs the append's insert: on the pool (a transaction of its own) or on a group's connection. */
  readonly query: Query;
  /** Reads the append's stream head when `heads` cannot give it (a group planning one message refuses: groupCommit.ts). */
  readonly read: Query;
  /** Stream heads as this append sees them; the append records its new head here once written. */
  readonly heads: HeadCache;
  /** Index of the append's first event among the events its transaction writes (the positions' low bits). */
  readonly firstIndex: number;
  /**
   * Runs the insert. Inside a group: in a savepoint, rolled back when the insert fails, so
   * the transaction stays usable and the append can re-read its head.
   */
  readonly guard: <T>(insert: () => Promise<T>) => Promise<T>;
  /**
   * Whether this transaction may write the event after `head`: only if its positions come
   * after the head's. A group transaction took its id before it read the head, so a head
   * another transaction committed since may lie above it ({@link HeadAboveTransaction}).
   */
  readonly mayFollow: (head: StoredHead) => boolean;
}

/**
 * Thrown (before anything is written) when an append's stream head was written by a newer
 * transaction than the group's: its events would get smaller positions than the head's, and
 * a whole-store reader would see the stream out of revision order. The group commits without
 * it; it goes on in the next transaction. Never reaches a caller.
 */
export class HeadAboveTransaction extends Error {
  override readonly name = 'HeadAboveTransaction';
}

/**
 * The target of an append written alone: one insert statement, its own transaction, whose
 * id is taken by that statement, after the head it builds on was committed (so it is newer).
 */
export const alone = (query: Query, heads: HeadCache): AppendTarget => ({ query, read: query, heads, firstIndex: 0, guard: (insert) => insert(), mayFollow: () => true });

/** Writes one append (see {@link createWriteAppend}). */
export type WriteAppend = (request: AppendRequest, target: AppendTarget) => Promise<AppendResult>;

/** Builds the insert of `count` events: one statement, so all or nothing. */
const insertStatement = (context: StoreContext, count: number): Statement => {
  const high = transactionPositionSql(context.positionBase);
  const into = `INSERT INTO ${context.quoted}.events ${COLUMNS}`;
  if (count > MAX_VALUES_ROWS) {
    return {
      name: `casefold_append_${context.tag}_n`,
      text: `${into}
        SELECT ${high} | ($3::bigint + u.ord - 1), $1, $2::bigint + u.ord - 1, u.event_id, u.type, u.data, u.metadata, u.prev_hash, u.hash
        FROM unnest($4::text[], $5::text[], $6::json[], $7::json[], $8::text[], $9::text[]) WITH ORDINALITY
          AS u(event_id, type, data, metadata, prev_hash, hash, ord)
        RETURNING position`,
    };
  }
  // A plain VALUES list, as a hand-written insert would be: the cheapest plan.
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = 4 + i * 6;
    rows.push(`(${high} | ($3::bigint + ${i}), $1, $2::bigint + ${i}, $${p}, $${p + 1}, $${p + 2}::json, $${p + 3}::json, $${p + 4}, $${p + 5})`);
  }
  return {
    ...(count <= MAX_PREPARED_ROWS ? { name: `casefold_append_${context.tag}_${count}` } : {}),
    text: `${into} VALUES ${rows.join(', ')} RETURNING position`,
  };
};

/**
 * The insert's parameters. Data and metadata go in as the canonical JSON texts their hashes
 * cover ({@link chainAppendJson}): each event is serialized once, and the `json` columns keep
 * the text verbatim, so verification hashes stored text without parsing it.
 */
const parameters = (streamId: string, firstIndex: number, chained: readonly ChainedEventJson[]): unknown[] => {
  const first = chained[0]!.event.revision;
  if (chained.length > MAX_VALUES_ROWS) {
    return [
      streamId,
      first.toString(),
      firstIndex,
      chained.map((e) => e.event.eventId),
      chained.map((e) => e.event.type),
      chained.map((e) => e.dataJson),
      chained.map((e) => e.metadataJson),
      chained.map((e) => e.event.prevHash),
      chained.map((e) => e.event.hash),
    ];
  }
  const values: unknown[] = [streamId, first.toString(), firstIndex];
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
 * (positions.ts) with `firstIndex + i` as low bits.
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
  const headFor = async ({ streamId, expected, operation }: AppendRequest, { read, heads }: AppendTarget): Promise<StoredHead | null> => {
    if (expected === 'no_stream') return null;
    const cached = heads.get(streamId);
    if (cached !== undefined && (typeof expected !== 'bigint' || cached.revision === expected)) return cached;
    const head = await readHead(read, streamId, operation);
    checkExpectedRevision(streamId, expected, head === null ? 'no_stream' : head.revision);
    return head;
  };

  return async (request, target) => {
    const { streamId, events, expected, operation } = request;
    const { query, read, heads, firstIndex, guard, mayFollow } = target;
    for (let attempt = 1; ; attempt++) {
      const head = await headFor(request, target);
      if (head !== null && !mayFollow(head)) throw new HeadAboveTransaction(`${operation}: its stream head is newer than this transaction`);
      const chained = chainAppendJson(streamId, head, events);
      const values = parameters(streamId, firstIndex, chained);
      let rows;
      try {
        rows = await guard(() => query(operation, statementFor(chained.length), values));
      } catch (e) {
        if (!isRevisionConflict(e)) throw e;
        heads.delete(streamId);
        if (expected === 'any' || expected === 'stream_exists') {
          if (attempt < MAX_ATTEMPTS) continue;
          throw new StoreUnavailableError(`${operation}: lost to concurrent writers ${MAX_ATTEMPTS} times in a row`, { cause: e });
        }
        const actual = await readHead(read, streamId, operation);
        throw new WrongExpectedRevisionError(streamId, expected, actual === null ? 'no_stream' : actual.revision);
      }
      const high = (BigInt(rows[0]?.[0] ?? '0') >> POSITION_SHIFT) << POSITION_SHIFT;
      const recorded: RecordedEvent[] = chained.map((e, i) => recordedEvent(e.event, high | BigInt(firstIndex + i)));
      const last = recorded[recorded.length - 1]!;
      heads.set(streamId, { revision: last.revision, hash: last.hash, position: last.position });
      return { nextExpectedRevision: last.revision, lastPosition: last.position, events: recorded };
    }
  };
};
