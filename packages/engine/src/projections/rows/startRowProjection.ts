import { type Envelope, type Row, type RowCountQuery, type RowGroupCount, type RowPage, type RowProjection, type RowQuery, type Rows, shownValue } from '@casefold/core';
import type * as E from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent } from '../../eventStore/eventStore.js';
import type { EventDecodeError } from '../../eventStore/errors.js';
import { appliedSynchronously, envelopeOf } from '../applyEnvelopes.js';
import { FoldStepFailure, type ProjectionControls, type ProjectionFolder, checkRunOptions, runProjectionLoop } from '../projectionLoop.js';
import { RowModelError, isRowModelError } from './rowModelError.js';
import { checkKeys, checkRow, checkRowModel, shownWithType } from './rowModel.js';
import type { RowProjectionStore } from './rowProjectionStore.js';

/** Options of {@link startRowProjection}: those of `startProjection`, with a row projection and its store. */
export interface StartRowProjectionOptions<R extends Row, Ev> {
  readonly store: EventStore;
  readonly rowStore: RowProjectionStore;
  readonly projection: RowProjection<R, Ev>;
  /** Decodes a recorded event. A decode failure stops the runner: nothing is skipped silently. */
  readonly decode: (recorded: RecordedEvent) => E.Either<EventDecodeError, Ev>;
  /** Which recorded events the projection folds; others only advance the checkpoint. Defaults to all. */
  readonly accepts?: (recorded: RecordedEvent) => boolean;
  /** Events per commit at most. Defaults to 500. Once caught up, a smaller batch also commits when no further event is immediately available. */
  readonly batchSize?: number;
}

/** A running row projection: its controls, and queries over its committed rows. */
export interface RowProjectionRunner<R extends Row> extends ProjectionControls {
  /** One page of the committed rows (read from the store: after `waitFor(position)`, the rows include that event). */
  readonly query: (query: RowQuery<R>) => Promise<RowPage<R>>;
  /** The committed rows of these keys (those that exist). */
  readonly get: (keys: readonly string[]) => Promise<ReadonlyMap<string, R>>;
  /** Counts of the committed rows, per group (see `RowProjectionStore.count`). */
  readonly count: (query: RowCountQuery<R>) => Promise<readonly RowGroupCount[]>;
}

/** A row the batch removed. */
const REMOVED = null;

const KEYS_OF_ADVICE = "fix the projection's keysOf: for each event it returns a list (possibly empty) of the text keys of the rows apply may read or change";

/**
 * The keys `keysOf` names for this event, checked as the store checks the keys of a `get`: a list
 * of text keys (well-formed, no NUL).
 *
 * @throws FoldStepFailure (step `keysOf`) with what `keysOf` threw, or with a RowModelError showing what it returned instead.
 */
const keysNamed = <R extends Row, Ev>(projection: RowProjection<R, Ev>, envelope: Envelope<Ev>): readonly string[] => {
  let keys: unknown;
  try {
    keys = projection.keysOf(envelope);
  } catch (thrown) {
    throw new FoldStepFailure('keysOf', thrown);
  }
  const refuse = (problem: string): never => {
    throw new FoldStepFailure('keysOf', new RowModelError(projection.name, problem, KEYS_OF_ADVICE));
  };
  if (!Array.isArray(keys)) refuse(`keysOf must return a list of text keys, got ${typeof keys === 'string' ? `${shownValue(keys)} (text, not a list)` : shownWithType(keys)}`);
  const list = keys as readonly unknown[];
  for (let i = 0; i < list.length; i++) {
    if (typeof list[i] !== 'string') refuse(`keysOf must return a list of text keys; item ${i} of the list it returned is ${shownWithType(list[i])}`);
  }
  try {
    checkKeys(projection, list as readonly string[]);
  } catch (refusal) {
    if (!isRowModelError(refusal)) throw refusal;
    refuse(`keysOf returned a key that is not valid text: ${refusal.problem}`);
  }
  return list as readonly string[];
};

/**
 * Starts a row projection's runner, as `startProjection` starts a document projection's (same
 * catch-up, batching, `waitFor`, failures): loads the checkpoint (none, or another version:
 * the table is dropped, created again empty and rebuilt from position 0; this version: the
 * store checks the table it resumes on, with a `get` of no keys), then loads, in one
 * `rowStore.get` for the events at hand (those the subscription has delivered), the rows their
 * `keysOf` name that the batch has not loaded yet, applies each event to its rows, and commits
 * only the rows the batch changed, with the checkpoint, in one `rowStore.commit`.
 *
 * @example
 * const runner = await startRowProjection({ store, rowStore, projection: caseBoardRows(directory), decode: codec.decode });
 * await runner.waitFor(result.lastPosition);
 * const page = await runner.query(caseBoardQuery(directory, { unit: 'guandu-guanshang', open: true, limit: 20 }));
 *
 * The rows `apply` gets are frozen: a row changes through `put` only (assigning to one throws a
 * TypeError in strict code, and the runner stops on that event). A `keysOf` that throws, or
 * returns anything but a list of text keys, stops the runner on that event, like an `apply` that
 * throws (`ProjectionApplyError` with `step: 'keysOf'`; the events before it are committed).
 *
 * The promise rejects (no runner started) with:
 * @throws RangeError naming the projection, before anything is read or written, for a `version`
 *   that is not a safe integer or a `batchSize` that is not a positive integer.
 * @throws RowModelError, nothing read or written, for a definition that does not fit (a name that
 *   is not an identifier, a table without columns, a key column that is not text or is nullable,
 *   an index over an unknown column, …).
 * @throws RowModelError, nothing written, when it would resume on a table whose columns, key or
 *   indexes are not the projection's (changed without a new version) or that is missing beside
 *   its checkpoint (the refusal its first read would give), or when the name is a document
 *   projection's.
 * @throws the row store's errors when it loads the checkpoint or resets the table (e.g.
 *   `StoreUnavailableError`; `ProjectionConflictError` when another runner committed meanwhile).
 */
export const startRowProjection = async <R extends Row, Ev>(options: StartRowProjectionOptions<R, Ev>): Promise<RowProjectionRunner<R>> => {
  const { store, rowStore, projection, decode, accepts } = options;
  const batchSize = options.batchSize ?? 500;
  checkRunOptions('startRowProjection', projection, batchSize);
  checkRowModel(projection);
  const { key } = projection.table;

  /** The batch's rows by key: as loaded, or as changed (`REMOVED` once removed). */
  let loaded = new Map<string, R | typeof REMOVED>();
  let changed = new Set<string>();

  const load = async (keys: readonly string[]): Promise<void> => {
    const missing = keys.filter((k) => !loaded.has(k));
    if (missing.length === 0) return;
    const found = await rowStore.get(projection, missing);
    // Frozen, as every row apply gets: a change without put throws (in strict code) instead of reaching the batch or not, depending on its size.
    for (const k of missing) {
      const row = found.get(k);
      loaded.set(k, row === undefined ? REMOVED : Object.freeze(row));
    }
  };

  const folder: ProjectionFolder<Ev> = {
    add: async (recorded, event) => {
      const envelope = envelopeOf(recorded, event);
      const keys = keysNamed(projection, envelope);
      if (keys.length === 0) return;
      await load(keys);
      // This event's writes: merged into the batch only if apply returns.
      const writes = new Map<string, R | typeof REMOVED>();
      const named = (k: string, what: string): void => {
        if (!keys.includes(k)) throw new RowModelError(projection.name, `apply ${what} row ${JSON.stringify(k)}, which keysOf did not name for this event`);
      };
      const rows: Rows<R> = {
        get: (k) => {
          named(k, 'read');
          const row = writes.has(k) ? writes.get(k) : loaded.get(k);
          return row === REMOVED || row === undefined ? undefined : row;
        },
        put: (row) => {
          const k = row[key] as string;
          named(k, 'put');
          checkRow(projection, row);
          writes.set(k, Object.freeze({ ...row }));
        },
        remove: (k) => {
          named(k, 'removed');
          writes.set(k, REMOVED);
        },
      };
      appliedSynchronously(projection.name, projection.apply(rows, envelope));
      for (const [k, row] of writes) {
        loaded.set(k, row);
        changed.add(k);
      }
    },
    commit: async (position, expected) => {
      const put: R[] = [];
      const removed: string[] = [];
      for (const k of changed) {
        const row = loaded.get(k);
        if (row === REMOVED || row === undefined) removed.push(k);
        else put.push(row);
      }
      await rowStore.commit(projection, { version: projection.version, position, put, removed }, expected ?? 0n);
      loaded = new Map();
      changed = new Set();
    },
    prefetch: async (events) => {
      const keys: string[] = [];
      for (const { recorded, event } of events) {
        let named: readonly string[];
        try {
          named = keysNamed(projection, envelopeOf(recorded, event));
        } catch {
          // This event's add fails on it (its keysOf threw or named no list of text keys): prefetch the events before it only.
          break;
        }
        keys.push(...named);
      }
      await load([...new Set(keys)]);
    },
    reset: async (expected) => {
      loaded = new Map();
      changed = new Set();
      await rowStore.reset(projection, projection.version, expected);
    },
  };

  const checkpoint = await rowStore.load(projection.name);
  let committed = 0n;
  let stored: bigint | null = checkpoint?.position ?? null;
  if (checkpoint !== null && checkpoint.version === projection.version) {
    // Resuming on the stored table: checked now, not at the first read or commit, so that a runner caught up does not report running (and waitFor succeed) on a table its reads refuse.
    await rowStore.get(projection, []);
    committed = checkpoint.position;
  } else {
    await folder.reset(stored);
    stored = 0n;
  }
  const controls = runProjectionLoop({ store, name: projection.name, decode, accepts, batchSize, folder, committed, stored });
  return {
    ...controls,
    query: (query) => rowStore.query(projection, query),
    get: (keys) => rowStore.get(projection, keys),
    count: (query) => rowStore.count(projection, query),
  };
};
