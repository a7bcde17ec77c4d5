import { StoreUnavailableError, isStoreUnavailableError } from '@casefold/engine';
import type { AppendResult } from '@casefold/engine';
import type { Query, Session } from '../database/openDatabase.js';
import { isServerAnswer } from '../database/postgresErrors.js';
import type { HeadCache, StoredHead } from './headCache.js';
import { MAX_EVENTS_PER_APPEND, POSITION_SHIFT, transactionPositionSql } from './positions.js';
import type { StoreContext } from './storeContext.js';
import { HeadAboveTransaction, alone } from './writeAppend.js';
import type { AppendRequest, WriteAppend } from './writeAppend.js';

/** Most appends one group transaction takes. */
export const MAX_GROUP_APPENDS = 64;

/** What {@link groupCommit} needs. */
export interface GroupCommitOptions {
  readonly context: StoreContext;
  readonly heads: HeadCache;
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

interface GroupOutcome {
  /** Per append written or failed, in group order: its result, or `null` and its error. */
  readonly results: (AppendResult | null)[];
  readonly errors: unknown[];
  /** The appends not tried (from the first one that met a newer head), for the next transaction. */
  readonly rest: Pending[];
  /** Puts the heads the group wrote or read into the shared cache (once its COMMIT succeeded). */
  readonly commitHeads: () => void;
}

/** A group's transaction, once begun. */
interface Transaction {
  /** The high bits of its positions, as PostgreSQL's text. */
  readonly high: string;
  readonly mayFollow: (head: StoredHead) => boolean;
}

/** The group's appends planned for one message ({@link groupCommit}): the first `results.length` of the group. */
interface Plan {
  readonly results: (AppendResult | null)[];
  readonly errors: unknown[];
  /** The inserts of the planned appends that did not fail, in order, values inline. */
  readonly inserts: string[];
  /** The position index after the planned appends' events. */
  readonly firstIndex: number;
}

/** Thrown by a planning append that needs to read its stream head: it is written after the message. Never reaches a caller. */
class HeadNotKnown extends Error {
  override readonly name = 'HeadNotKnown';
}

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

const SAVEPOINT = 'casefold_append';

/** A value as an SQL literal: an escape string (right whatever `standard_conforming_strings` says), a number, or an array of those. */
const literal = (value: unknown): string => {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(', ')}]`;
  return ` E'${String(value).replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
};

/** `text` with each `$n` replaced by the literal of `values[n - 1]` (values are not scanned again). */
const inlineValues = (text: string, values: readonly unknown[]): string => text.replace(/\$(\d+)/g, (_, n: string) => literal(values[Number(n) - 1]));

/** The error a whole group's failure gives one of its appends: its own operation and the server, the same cause. */
const groupFailure = (error: unknown, request: AppendRequest, target: string): unknown =>
  isStoreUnavailableError(error) ? new StoreUnavailableError(`${request.operation}, PostgreSQL at ${target}`, { cause: error.cause ?? error }) : error;

/**
 * A view of the stream heads for one group transaction: heads it wrote or found stay local
 * until COMMIT succeeds ({@link commitHeads}); heads it found stale are dropped from the
 * shared cache at once (dropping a guess is always safe).
 */
const groupHeads = (cache: HeadCache) => {
  const local = new Map<string, StoredHead | null>();
  const heads: HeadCache = {
    get: (streamId) => (local.has(streamId) ? (local.get(streamId) ?? undefined) : cache.get(streamId)),
    set: (streamId, head) => {
      local.set(streamId, head);
    },
    delete: (streamId) => {
      local.set(streamId, null);
      cache.delete(streamId);
    },
  };
  const commitHeads = (): void => {
    for (const [streamId, head] of local) if (head !== null) cache.set(streamId, head);
  };
  return { heads, commitHeads };
};

/**
 * Group commit: an append that finds one of the pool's connections free is written alone
 * at once (one statement, one transaction, as without grouping). Appends made while every
 * connection is busy wait in a queue; each connection that comes free takes the next group
 * (the queue spread over the free connections, at most {@link MAX_GROUP_APPENDS} appends and
 * {@link MAX_EVENTS_PER_APPEND} events) and writes it in ONE transaction, so the group
 * shares one commit and its WAL flush.
 *
 * - Each append runs in call order, against its own expected revision on the stream head
 *   as the appends before it in the group left it, and gets the outcome it has when the
 *   appends run one by one. The appends whose heads need no read go first, in ONE message
 *   (with COMMIT when that is all of them); if any statement of it fails, the transaction
 *   is rolled back and the group written again one by one. Written one by one, each append
 *   runs in its own SAVEPOINT: a conflicting or failing append is rolled back alone and
 *   rejects with its own error.
 * - Each append's events take the next position indexes of the transaction (positions.ts),
 *   so positions increase in call order within the group. An append whose stream head a
 *   newer transaction wrote goes to the next transaction ({@link HeadAboveTransaction}).
 * - Every promise settles after COMMIT returned. If the transaction fails as a whole (the
 *   connection breaks, COMMIT fails), every append of the group rejects and no head it
 *   wrote is cached.
 */
export const groupCommit = ({ context, heads: cache, write, onCommitted }: GroupCommitOptions): GroupCommit => {
  const { db } = context;
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

  const writeAlone = async ({ request, resolve, reject }: Pending): Promise<void> => {
    try {
      const result = await write(request, alone(db.query, cache));
      onCommitted();
      resolve(result);
    } catch (e) {
      reject(e);
    }
  };

  /** Opens the group's transaction and takes its id: every head read from now on is checked against it. */
  const begin = async (session: Session, operation: string): Promise<Transaction> => {
    const { rows } = await session.command(operation, `BEGIN; SELECT ${transactionPositionSql(context.positionBase)}`);
    const high = rows[0]?.[0] ?? '0';
    const id = BigInt(high) >> POSITION_SHIFT;
    return { high, mayFollow: (head) => head.position >> POSITION_SHIFT <= id };
  };

  /**
   * Plans the group's appends, in call order, up to the first whose head `heads` cannot give
   * (it needs a read) or that a newer transaction's head sends on: each planned append is
   * run by `write` against the head its predecessors left, its insert kept as SQL text (values
   * inline) and its result predicted from the transaction's position bits. An append that
   * fails before writing (an event the chain or JSON refuses) fails here, as it would alone.
   */
  const plan = async (group: readonly Pending[], heads: HeadCache, { high, mayFollow }: Transaction): Promise<Plan> => {
    const results: (AppendResult | null)[] = [];
    const errors: unknown[] = [];
    const inserts: string[] = [];
    let firstIndex = 0;
    let insert: string | null = null;
    const query: Query = (_, statement, values) => {
      insert = inlineValues(statement.text, values ?? []);
      return Promise.resolve([[high]]);
    };
    const read: Query = () => Promise.reject(new HeadNotKnown());
    for (const { request } of group) {
      insert = null;
      try {
        const result = await write(request, { query, read, heads, firstIndex, guard: (run) => run(), mayFollow });
        if (insert !== null) inserts.push(insert);
        results.push(result);
        errors.push(undefined);
        firstIndex += result.events.length;
      } catch (e) {
        if (e instanceof HeadNotKnown || e instanceof HeadAboveTransaction) break;
        results.push(null);
        errors.push(e);
      }
    }
    return { results, errors, inserts, firstIndex };
  };

  /**
   * Sends the planned inserts (and `COMMIT` when `commit`) in one message. PostgreSQL stops at
   * the first failing statement and leaves the transaction aborted (or, at a failing COMMIT,
   * rolled back): then it is rolled back and `false` returned, so the caller writes the group
   * again, append by append.
   */
  const sendPlan = async (session: Session, operation: string, inserts: readonly string[], commit: boolean): Promise<boolean> => {
    const text = [...inserts, ...(commit ? ['COMMIT'] : [])].join('; ');
    let tag: string;
    try {
      ({ command: tag } = await session.command(operation, text));
    } catch (e) {
      // Written again only after an error the server answered: after a broken connection or
      // a client-side timeout the message may have committed, and the group fails instead.
      if (!isServerAnswer(e)) throw e;
      await session.command(operation, 'ROLLBACK');
      return false;
    }
    if (commit && tag !== 'COMMIT') throw new StoreUnavailableError(`${operation}: the server answered COMMIT with ${tag}`);
    return true;
  };

  /**
   * Writes the group in `session`'s transaction. First in one message: the planned appends
   * (with `COMMIT` when every append was planned); should any statement of it fail, the
   * transaction is rolled back and the group written again in a new one. Then, one by one,
   * the appends left. Returns each outcome, the heads to cache, and the appends left for
   * the next transaction when one met a newer stream head.
   */
  const writeAll = async (session: Session, group: readonly Pending[]): Promise<GroupOutcome> => {
    const operation = group[0]!.request.operation;
    let view = groupHeads(cache);
    let transaction = await begin(session, operation);
    const planned = await plan(group, view.heads, transaction);
    const all = planned.results.length === group.length;
    let results: (AppendResult | null)[] = [];
    let errors: unknown[] = [];
    let firstIndex = 0;
    const { inserts } = planned;
    if (inserts.length === 0 || (await sendPlan(session, operation, inserts, all))) {
      if (all && inserts.length > 0) return { results: planned.results, errors: planned.errors, rest: [], commitHeads: view.commitHeads };
      ({ results, errors, firstIndex } = planned);
    } else {
      view = groupHeads(cache);
      transaction = await begin(session, operation);
    }
    const { heads } = view;
    const { mayFollow } = transaction;
    // Sent before the append's first statement: a fresh savepoint, after releasing the one
    // holding the previous append's rows, so a failure of this append undoes only its own.
    let before: string | null = `SAVEPOINT ${SAVEPOINT}`;
    // `failed`: this append's last statement failed, so the transaction is aborted until it
    // rolls back to the savepoint.
    let failed = false;
    const rollback = async (op: string): Promise<void> => {
      await session.command(op, `ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      failed = false;
    };
    const query: Query = async (op, statement, values) => {
      // One round trip: the savepoint commands and the statement, its values written inline.
      const text = inlineValues(statement.text, values ?? []);
      const sql = before === null ? text : `${before}; ${text}`;
      before = null;
      failed = true;
      const { rows } = await session.command(op, sql);
      failed = false;
      return rows;
    };
    const guard = async <T>(insert: () => Promise<T>): Promise<T> => {
      try {
        return await insert();
      } catch (e) {
        // Undo the failed insert so the append can read the head it lost to.
        await rollback(operation);
        throw e;
      }
    };
    let rest: Pending[] = [];
    for (let i = results.length; i < group.length; i++) {
      const { request } = group[i]!;
      try {
        const result = await write(request, { query, read: query, heads, firstIndex, guard, mayFollow });
        results.push(result);
        errors.push(undefined);
        firstIndex += result.events.length;
        before = `RELEASE SAVEPOINT ${SAVEPOINT}; SAVEPOINT ${SAVEPOINT}`;
      } catch (e) {
        if (failed) await rollback(request.operation);
        if (e instanceof HeadAboveTransaction) {
          rest = group.slice(i);
          break;
        }
        results.push(null);
        errors.push(e);
      }
    }
    const outcome = { results, errors, rest, commitHeads: view.commitHeads };
    if (results.every((r) => r === null)) {
      await session.command(operation, 'ROLLBACK');
      return outcome;
    }
    const { command: tag } = await session.command(operation, 'COMMIT');
    if (tag !== 'COMMIT') throw new StoreUnavailableError(`${operation}: the server answered COMMIT with ${tag}`);
    return outcome;
  };

  const writeGroup = async (group: readonly Pending[]): Promise<void> => {
    let outcome;
    try {
      outcome = await db.withSession(group[0]!.request.operation, (session) => writeAll(session, group));
    } catch (e) {
      for (const { request, reject } of group) reject(groupFailure(e, request, db.target));
      return;
    }
    outcome.commitHeads();
    if (outcome.results.some((r) => r !== null)) onCommitted();
    outcome.results.forEach((result, i) => {
      if (result === null) group[i]!.reject(outcome.errors[i]);
      else group[i]!.resolve(result);
    });
    // Ahead of the appends made since: call order is kept.
    queue = [...outcome.rest, ...queue];
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
        void (group.length === 1 ? writeAlone(group[0]!) : writeGroup(group)).finally(() => {
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
