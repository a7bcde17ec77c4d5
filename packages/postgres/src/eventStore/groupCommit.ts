import pg from 'pg';
import { StoreUnavailableError, isStoreUnavailableError } from '@casefold/engine';
import type { AppendResult } from '@casefold/engine';
import { chainAppendJson, checkExpectedRevision } from '@casefold/engine/adapter';
import type { ChainedEventJson, StreamHead } from '@casefold/engine/adapter';
import type { Query, Statement } from '../database/openDatabase.js';
import { isServerAnswer } from '../database/postgresErrors.js';
import { arrayLiteral } from './arrayLiteral.js';
import type { HeadCache, StoredHead } from './headCache.js';
import { MAX_EVENTS_PER_APPEND, transactionPositionSql } from './positions.js';
import type { StoreContext } from './storeContext.js';
import { COLUMNS, appendResult, cachedHeadServes, headAfter } from './writeAppend.js';
import type { AppendRequest, WriteAppend } from './writeAppend.js';

/** Most appends one group takes. */
export const MAX_GROUP_APPENDS = 64;

/**
 * Most characters of event JSON (data and metadata) one group's insert carries. The insert
 * sends each column of the group as ONE array parameter, built as one string
 * ({@link arrayLiteral}), escaping every quote and backslash again: appends each fine alone
 * could together exceed what a JavaScript string holds (2^29 - 24 characters) or a
 * PostgreSQL value (1 GB).
 * An append that alone carries more is written alone, as without grouping.
 */
export const MAX_GROUP_TEXT = 4 * 2 ** 20;

/** The characters of event JSON a planned append carries (0 for a failed one). */
const textOf = (append: Planned): number => ('chained' in append ? append.chained.reduce((n, e) => n + e.dataJson.length + e.metadataJson.length, 0) : 0);

/** What {@link groupCommit} needs. */
export interface GroupCommitOptions {
  readonly context: StoreContext;
  readonly heads: HeadCache;
  /** Writes one append alone (writeAppend.ts): a group of one, and each append of a group written again. */
  readonly write: WriteAppend;
  /** Called once after each commit that wrote at least one append. */
  readonly onCommitted: () => void;
}

/** Appends waiting for a connection, written in shared transactions. */
export interface GroupCommit {
  /** Queues an append; resolves once its transaction has committed, rejects with this append's own error. */
  readonly enqueue: (request: AppendRequest) => Promise<AppendResult>;
  /** Resolves when no append is queued or being written (before closing the pool). */
  readonly settled: () => Promise<void>;
}

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** One append of a group as planned: its events chained on the head the appends before it left, or its failure (nothing written). */
type Planned = { readonly chained: readonly ChainedEventJson[]; readonly firstIndex: number } | { readonly error: unknown };

/**
 * The streams whose heads the group must read before it is planned: those of appends that
 * build on a head (not `'no_stream'`) that neither the cache nor an append before it in the
 * group gives (a cached head that does not match a revision expected is read again).
 */
const headsToRead = (group: readonly Pending[], cache: HeadCache): string[] => {
  const read = new Set<string>();
  const written = new Set<string>();
  for (const { request } of group) {
    const { streamId, expected } = request;
    if (expected !== 'no_stream' && !written.has(streamId) && !read.has(streamId)) {
      const cached = cache.get(streamId);
      if (cached === undefined || !cachedHeadServes(cached, expected)) read.add(streamId);
    }
    written.add(streamId);
  }
  return [...read];
};

/** Runs `check`; its exception, if any, is the append's outcome. */
const failure = (check: () => void): unknown => {
  try {
    check();
    return undefined;
  } catch (e) {
    return e;
  }
};

/**
 * Plans the group in call order, each append against the head the appends before it left
 * (else the head read, else the cached one), as it would run alone: an append whose
 * expectation fails, or whose events the chain refuses, fails here and writes nothing. A
 * `'no_stream'` append is planned at revision 0 whatever the group knows: on an existing
 * stream the insert fails and the group is written again one by one, where it meets the
 * server's refusals in the order it would alone. Stops before an append whose head none of those
 * gives (an append before it on its stream failed here): that one and the rest wait for the
 * next group. Stops, too, before an append whose events would take the group's event JSON
 * past {@link MAX_GROUP_TEXT} (unless none is planned yet). Returns the plan of the first
 * appends of the group.
 */
const planGroup = (group: readonly Pending[], cache: HeadCache, read: ReadonlyMap<string, StoredHead | null>): Planned[] => {
  const heads = new Map<string, StreamHead | null>(read);
  const planned: Planned[] = [];
  let firstIndex = 0;
  let text = 0;
  for (const { request } of group) {
    const { streamId, expected, events } = request;
    // A 'no_stream' append builds on no head, and a stream already there fails its insert: the statement's, then its own alone.
    const known = expected === 'no_stream' ? null : heads.has(streamId) ? heads.get(streamId)! : cache.get(streamId);
    if (known === undefined) break;
    let chained: ChainedEventJson[] = [];
    const chain = (): void => {
      chained = chainAppendJson(streamId, known, events);
    };
    // In the order an append alone meets them (writeAppend.ts): its head's revision, then its events.
    const error = (expected === 'no_stream' ? undefined : failure(() => checkExpectedRevision(streamId, expected, known === null ? 'no_stream' : known.revision))) ?? failure(chain);
    if (error !== undefined) {
      planned.push({ error });
      continue;
    }
    const append = { chained, firstIndex };
    const size = textOf(append);
    if (text > 0 && text + size > MAX_GROUP_TEXT) break;
    text += size;
    heads.set(streamId, chained[chained.length - 1]!.event);
    planned.push(append);
    firstIndex += chained.length;
  }
  return planned;
};

/** The insert of a group's events, from arrays (one element per event): one statement, its own transaction. */
const groupInsert = (context: StoreContext): Statement => ({
  name: `casefold_group_${context.tag}`,
  text: `INSERT INTO ${context.quoted}.events ${COLUMNS}
    SELECT ${transactionPositionSql(context.positionBase)} | u.index, u.stream_id, u.revision, u.event_id, u.type, u.data, u.metadata, u.prev_hash, u.hash
    FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::json[], $7::json[], $8::text[], $9::text[])
      AS u(index, stream_id, revision, event_id, type, data, metadata, prev_hash, hash)
    RETURNING position`,
});

/** The group insert's parameters: the planned appends' events in call order, at their position indexes, each column one array literal. */
const groupValues = (planned: readonly Planned[]): string[] => {
  const columns: string[][] = Array.from({ length: 9 }, () => []);
  for (const append of planned) {
    if (!('chained' in append)) continue;
    append.chained.forEach(({ event, dataJson, metadataJson }, i) => {
      const row = [String(append.firstIndex + i), event.streamId, event.revision.toString(), event.eventId, event.type, dataJson, metadataJson, event.prevHash, event.hash];
      row.forEach((value, c) => columns[c]!.push(value));
    });
  }
  return columns.map(arrayLiteral);
};

/** The heads of `streamIds` (`null`: no such stream), in one statement. */
const readHeadsStatement = (context: StoreContext): Statement => ({
  name: `casefold_heads_${context.tag}`,
  text: `SELECT s.stream_id, h.revision, h.hash, h.position FROM unnest($1::text[]) AS s(stream_id)
    CROSS JOIN LATERAL (SELECT revision, hash, position FROM ${context.quoted}.events e WHERE e.stream_id = s.stream_id ORDER BY revision DESC LIMIT 1) h`,
});

/**
 * Whether the server answered a group's statement with an error (a SQLSTATE), so that it
 * wrote nothing and the connection still serves: {@link isServerAnswer}, and also the
 * port's errors made from such an answer (a refused privilege or row-level security policy
 * comes out as `PostgresPermissionError`, its cause the server's answer).
 */
const refusedByServer = (e: unknown): boolean => isServerAnswer(e) || (e instanceof Error && e.cause instanceof pg.DatabaseError);

/** The error a whole group's failure gives one of its appends: its own operation and the server, the same cause. */
const groupFailure = (error: unknown, request: AppendRequest, target: string): unknown =>
  isStoreUnavailableError(error) ? new StoreUnavailableError(`${request.operation}, PostgreSQL at ${target}`, { cause: error.cause ?? error }) : error;

/**
 * Group commit: an append that finds one of the pool's connections free is written alone
 * at once (one statement, its own transaction, as without grouping). Appends made while
 * every connection is busy wait in a queue; each connection that comes free takes the next
 * group (the queue spread over the free connections, at most {@link MAX_GROUP_APPENDS}
 * appends, {@link MAX_EVENTS_PER_APPEND} events and {@link MAX_GROUP_TEXT} characters of
 * event JSON; an append carrying more is written alone) and writes it with ONE insert
 * statement, its own transaction, so the group shares one commit and its WAL flush:
 *
 * - **Heads.** The heads the group needs that neither the head cache nor an append before it
 *   in the group gives are read first, in one statement (none when all are known).
 * - **In call order, each on its own.** Each append is planned against its own expected
 *   revision on the stream head as the appends before it in the group left it: one whose
 *   expectation fails, or whose events the chain refuses, fails alone and writes nothing.
 *   The others' events take the next position indexes of the statement's transaction
 *   (positions.ts), so positions increase in call order within the group. Every head the
 *   statement builds on committed before it began, so its transaction is newer and its
 *   positions come after them.
 * - **Written again, one by one.** If the server refuses the statement (a stale cached head
 *   lost on the unique `(stream_id, revision)` index, an event a constraint or a row-level
 *   security policy refuses, a deferred check at commit) or the group's head read, it wrote
 *   nothing, and each append of the group is written again alone, in call order, on the
 *   same connection: each gets the outcome it has when the appends run one by one.
 * - Every promise settles after its commit. If the connection breaks or the statement times
 *   out, it may have committed: the group's appends not yet settled reject with
 *   `StoreUnavailableError`, and no head of theirs is cached.
 */
export const groupCommit = ({ context, heads: cache, write, onCommitted }: GroupCommitOptions): GroupCommit => {
  const { db } = context;
  const insert = groupInsert(context);
  const readHeads = readHeadsStatement(context);
  let queue: Pending[] = [];
  let writers = 0;
  const idle: (() => void)[] = [];

  /** The next group: up to `size` appends (and {@link MAX_GROUP_APPENDS}, and {@link MAX_EVENTS_PER_APPEND} events). */
  const take = (size: number): Pending[] => {
    let events = 0;
    let count = 0;
    while (count < queue.length && count < size && events + queue[count]!.request.events.length <= MAX_EVENTS_PER_APPEND) {
      events += queue[count]!.request.events.length;
      count += 1;
    }
    return queue.splice(0, count);
  };

  /** Writes one append alone with `query` and settles it; `false` when its connection failed (it may have committed). */
  const writeAlone = async ({ request, resolve, reject }: Pending, query: Query): Promise<boolean> => {
    try {
      const result = await write(request, query, cache);
      onCommitted();
      resolve(result);
    } catch (e) {
      reject(e);
      return isServerAnswer(e) || !isStoreUnavailableError(e);
    }
    return true;
  };

  /** Reads the heads the group needs, in one statement. */
  const headsOf = async (query: Query, operation: string, streamIds: readonly string[]): Promise<Map<string, StoredHead | null>> => {
    const found = new Map<string, StoredHead | null>(streamIds.map((streamId) => [streamId, null]));
    if (streamIds.length === 0) return found;
    for (const [streamId, revision, hash, position] of await query(operation, readHeads, [streamIds])) {
      found.set(streamId!, { revision: BigInt(revision!), hash: hash!, position: BigInt(position!) });
    }
    return found;
  };

  /** Writes `appends` again, each alone, in call order, on the group's connection. Rejects only when the connection failed. */
  const writeEachAlone = async (query: Query, appends: readonly Pending[], settled: Set<Pending>): Promise<void> => {
    for (const pending of appends) {
      settled.add(pending);
      if (!(await writeAlone(pending, query))) throw new StoreUnavailableError(`${pending.request.operation}: the connection failed while the group was written again`);
    }
  };

  /** Writes the group on one connection; returns the appends it left for the next group. Rejects only when the connection failed. */
  const writeAll = async (query: Query, group: readonly Pending[], settled: Set<Pending>): Promise<Pending[]> => {
    const operation = group[0]!.request.operation;
    let read: Map<string, StoredHead | null>;
    try {
      read = await headsOf(query, operation, headsToRead(group, cache));
    } catch (e) {
      if (!refusedByServer(e)) throw e;
      // The server refused the read (nothing written): each append alone, as without grouping.
      await writeEachAlone(query, group, settled);
      return [];
    }
    for (const [streamId, head] of read) if (head !== null) cache.set(streamId, head);
    const planned = planGroup(group, cache, read);
    if (planned.reduce((n, append) => n + textOf(append), 0) > MAX_GROUP_TEXT) {
      // One append larger than a group carries (planGroup): written alone, with the failed ones before it.
      await writeEachAlone(query, group.slice(0, planned.length), settled);
      return group.slice(planned.length);
    }
    let position: bigint | null = null;
    if (planned.some((append) => 'chained' in append)) {
      try {
        const [row] = await query(operation, insert, groupValues(planned));
        position = BigInt(row?.[0] ?? '0');
      } catch (e) {
        if (!refusedByServer(e)) throw e;
      }
      if (position === null) {
        // Refused, nothing written: each append again, alone, in call order.
        await writeEachAlone(query, group.slice(0, planned.length), settled);
        return group.slice(planned.length);
      }
      onCommitted();
    }
    planned.forEach((append, i) => {
      const { resolve, reject } = group[i]!;
      settled.add(group[i]!);
      if (!('chained' in append)) return reject(append.error);
      const result = appendResult(append.chained, position!, append.firstIndex);
      cache.set(append.chained[0]!.event.streamId, headAfter(result));
      resolve(result);
    });
    return group.slice(planned.length);
  };

  const writeGroup = async (group: readonly Pending[]): Promise<void> => {
    const settled = new Set<Pending>();
    try {
      const rest = await db.withSession(group[0]!.request.operation, (session) => writeAll(session.query, group, settled));
      // Ahead of the appends made since: call order is kept.
      queue = [...rest, ...queue];
    } catch (e) {
      for (const pending of group) if (!settled.has(pending)) pending.reject(groupFailure(e, pending.request, db.target));
    }
  };

  /**
   * Starts writers while connections are free: as many as there are queued appends, so an
   * append that finds a free connection is written alone; appends beyond the free
   * connections are spread over them in groups.
   */
  const flush = (): void => {
    const free = db.maxConnections - writers;
    if (free > 0 && queue.length > 0) {
      const size = Math.ceil(queue.length / Math.min(free, queue.length));
      while (writers < db.maxConnections && queue.length > 0) {
        const group = take(Math.min(size, MAX_GROUP_APPENDS));
        writers += 1;
        void (group.length === 1 ? writeAlone(group[0]!, db.query) : writeGroup(group)).finally(() => {
          writers -= 1;
          flush();
        });
      }
    }
    if (writers === 0 && queue.length === 0) for (const wake of idle.splice(0)) wake();
  };

  return {
    enqueue: (request) =>
      new Promise<AppendResult>((resolve, reject) => {
        queue.push({ request, resolve, reject });
        flush();
      }),
    settled: () => (writers === 0 && queue.length === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve))),
  };
};
