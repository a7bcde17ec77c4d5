import { InvalidAppendError, StoreUnavailableError, WrongExpectedRevisionError, chainAppend, checkExpectedRevision, recordedEvent, validateAppend } from '@casefold/engine';
import type { AppendOptions, AppendResult, ChainedEvent, ExpectedRevision, NewEvent, RecordedEvent, StreamHead } from '@casefold/engine';
import type { Statement } from '../connection/database.js';
import type { HeadCache } from './headCache.js';
import { MAX_EVENTS_PER_APPEND, POSITION_SHIFT, transactionPositionSql } from './positions.js';
import type { StoreContext } from './storeContext.js';

/** Most attempts of an `'any'`/`'stream_exists'` append that keeps losing to concurrent writers. */
const MAX_ATTEMPTS = 100;
/** Appends of up to this many events use a multi-row VALUES list; longer ones send arrays. */
const MAX_VALUES_ROWS = 64;
/** Appends of up to this many events run as named (prepared once per connection) statements. */
const MAX_PREPARED_ROWS = 8;

const COLUMNS = '(position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash)';

/** Builds the insert of `count` events: one statement, so one transaction, all or nothing. */
const insertStatement = (context: StoreContext, count: number): Statement => {
  const high = transactionPositionSql(context.positionBase);
  const into = `INSERT INTO ${context.quoted}.events ${COLUMNS}`;
  if (count > MAX_VALUES_ROWS) {
    return {
      name: `casefold_append_${context.schema}_n`,
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
    ...(count <= MAX_PREPARED_ROWS ? { name: `casefold_append_${context.schema}_${count}` } : {}),
    text: `${into} VALUES ${rows.join(', ')} RETURNING position`,
  };
};

const json = (streamId: string, value: unknown, what: string): string => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw new InvalidAppendError(streamId, `${what} cannot be written as JSON (${(e as Error).message})`);
  }
  if (text === undefined) throw new InvalidAppendError(streamId, `${what} is not a JSON value`);
  return text;
};

const hasNul = (value: string): boolean => value.includes('\u0000');

const parameters = (streamId: string, chained: readonly ChainedEvent[]): unknown[] => {
  const first = chained[0]!.revision;
  if (chained.length > MAX_VALUES_ROWS) {
    return [
      streamId,
      first.toString(),
      chained.map((e) => e.eventId),
      chained.map((e) => e.type),
      chained.map((e) => json(streamId, e.data, `data of event '${e.eventId}'`)),
      chained.map((e) => json(streamId, e.metadata, `metadata of event '${e.eventId}'`)),
      chained.map((e) => e.prevHash),
      chained.map((e) => e.hash),
    ];
  }
  const values: unknown[] = [streamId, first.toString()];
  for (const e of chained) {
    values.push(e.eventId, e.type, json(streamId, e.data, `data of event '${e.eventId}'`), json(streamId, e.metadata, `metadata of event '${e.eventId}'`), e.prevHash, e.hash);
  }
  return values;
};

const isRevisionConflict = (e: unknown): boolean => {
  const cause = (e as { code?: unknown; constraint?: unknown } | null) ?? {};
  return cause.code === '23505' && cause.constraint === 'events_stream_revision';
};

/** The append operation of a PostgreSQL event store. */
export type AppendToStream = (streamId: string, events: readonly NewEvent[], options?: AppendOptions) => Promise<AppendResult>;

/**
 * Appends with optimistic concurrency in one statement (so one transaction): the events'
 * revisions continue the stream head, and the unique `(stream_id, revision)` index rejects
 * the insert if another writer moved the head meanwhile. The head comes from `heads` when it
 * satisfies the expectation, else from the database; the hash chain is computed by the engine
 * ({@link chainAppend}) from that head, and is right because the insert only succeeds on it.
 * `'any'` and `'stream_exists'` retry with the new head; a bigint or `'no_stream'` expectation
 * fails with {@link WrongExpectedRevisionError}. `onAppended` runs after each commit.
 */
export const createAppendToStream = (context: StoreContext, heads: HeadCache, onAppended: () => void): AppendToStream => {
  const { db, quoted } = context;
  const readHeadStatement: Statement = {
    name: `casefold_head_${context.schema}`,
    text: `SELECT revision, hash FROM ${quoted}.events WHERE stream_id = $1 ORDER BY revision DESC LIMIT 1`,
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

  const readHead = async (streamId: string, operation: string): Promise<StreamHead | null> => {
    const [row] = await db.query(operation, readHeadStatement, [streamId]);
    return row === undefined ? null : { revision: BigInt(row[0] ?? '0'), hash: row[1] ?? '' };
  };

  /** The head to build on, or `null` for a new stream; throws when the expectation fails. */
  const headFor = async (streamId: string, expected: ExpectedRevision, operation: string): Promise<StreamHead | null> => {
    if (expected === 'no_stream') return null;
    const cached = heads.get(streamId);
    if (cached !== undefined && (typeof expected !== 'bigint' || cached.revision === expected)) return cached;
    const head = await readHead(streamId, operation);
    checkExpectedRevision(streamId, expected, head === null ? 'no_stream' : head.revision);
    return head;
  };

  return async (streamId, events, options) => {
    const expected = validateAppend(streamId, events, options);
    if (events.length > MAX_EVENTS_PER_APPEND) {
      throw new InvalidAppendError(streamId, `${events.length} events in one append; PostgreSQL appends hold at most ${MAX_EVENTS_PER_APPEND}`);
    }
    if (hasNul(streamId) || events.some((e) => hasNul(e.eventId) || hasNul(e.type))) {
      throw new InvalidAppendError(streamId, 'stream id, event ids and types must not contain U+0000 (PostgreSQL text cannot hold it)');
    }
    const operation = `append to stream '${streamId}'`;
    for (let attempt = 1; ; attempt++) {
      const head = await headFor(streamId, expected, operation);
      const chained = chainAppend(streamId, head, events);
      let rows;
      try {
        rows = await db.query(operation, statementFor(chained.length), parameters(streamId, chained));
      } catch (e) {
        if (!isRevisionConflict(e)) throw e;
        heads.delete(streamId);
        if (expected === 'any' || expected === 'stream_exists') {
          if (attempt < MAX_ATTEMPTS) continue;
          throw new StoreUnavailableError(`${operation}: lost to concurrent writers ${MAX_ATTEMPTS} times in a row`, { cause: e });
        }
        const actual = await readHead(streamId, operation);
        throw new WrongExpectedRevisionError(streamId, expected, actual === null ? 'no_stream' : actual.revision);
      }
      const high = (BigInt(rows[0]?.[0] ?? '0') >> POSITION_SHIFT) << POSITION_SHIFT;
      const recorded: RecordedEvent[] = chained.map((e, i) => recordedEvent(e, high | BigInt(i)));
      const last = recorded[recorded.length - 1]!;
      heads.set(streamId, { revision: last.revision, hash: last.hash });
      onAppended();
      return { nextExpectedRevision: last.revision, lastPosition: last.position, events: recorded };
    }
  };
};
