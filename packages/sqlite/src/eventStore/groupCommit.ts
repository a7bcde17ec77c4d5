import type { Database } from 'better-sqlite3';
import type { AppendResult } from '@casefold/engine';
import { toStoreError } from '../database/sqliteErrors.js';

/**
 * Writes one append inside the current transaction, or throws (a conflict, an invalid
 * event, a SQLite error). A better-sqlite3 transaction function: called inside another
 * transaction it runs in a SAVEPOINT, so a failure undoes that append only.
 */
export type WriteAppend<A> = ((append: A) => AppendResult) & { readonly immediate: (append: A) => AppendResult };

/** What {@link groupCommit} needs. */
export interface GroupCommitOptions<A> {
  readonly db: Database;
  /** The database file, for the errors that name it. */
  readonly fileName: string;
  readonly write: WriteAppend<A>;
  /**
   * Called before `BEGIN` and after `COMMIT`; throws when the group must not be written or
   * acknowledged (the file was deleted or replaced): then every append of it fails with that error.
   */
  readonly checkFile: () => void;
  /** Names an append in store errors, e.g. `append to stream 'case-1'`. */
  readonly operation: (append: A) => string;
  /** Called once after each commit that wrote at least one append. */
  readonly onCommitted: () => void;
}

/** Appends waiting for the next commit, each with the promise it settles. */
export interface GroupCommit<A> {
  /** Queues an append for the next commit; resolves once that commit is on disk, rejects with this append's own error. */
  readonly enqueue: (append: A) => Promise<AppendResult>;
  /** Commits the queued appends now (before closing the store). */
  readonly flush: () => void;
}

interface Pending<A> {
  readonly append: A;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
  result: AppendResult | null;
  error: unknown;
}

/**
 * Group commit: appends made in the same turn of the event loop (while their callers'
 * microtasks run) are written by ONE `BEGIN IMMEDIATE … COMMIT` on the next turn
 * (`setImmediate`), so they share one disk sync instead of paying one each.
 *
 * - Each append runs in its own SAVEPOINT, in the order they were made, each checked
 *   against its own expected revision on the stream head as the earlier appends of the
 *   group left it: a conflicting or failing append is rolled back alone and rejects with
 *   its own error, the others go on.
 * - Every promise settles only after the COMMIT returned, i.e. (with `synchronous=FULL`)
 *   after the group is on disk. If the COMMIT itself fails, nothing of the group was
 *   written and every append of it rejects with the store error.
 * - `checkFile` runs before BEGIN and after COMMIT: a group whose file was deleted or
 *   replaced meanwhile is not written, or not acknowledged (it went to a file no one sees).
 * - A single queued append is committed alone, exactly as without grouping.
 */
export const groupCommit = <A>(options: GroupCommitOptions<A>): GroupCommit<A> => {
  const { db, fileName, write, checkFile, operation, onCommitted } = options;
  let queue: Pending<A>[] = [];
  let scheduled: NodeJS.Immediate | null = null;

  const writeGroup = db.transaction((group: readonly Pending<A>[]): void => {
    for (const pending of group) {
      try {
        pending.result = write(pending.append);
      } catch (e) {
        // An error SQLite answered by rolling back the whole transaction (e.g. disk full):
        // the appends before this one are gone too, so the whole group fails.
        if (!db.inTransaction) throw e;
        pending.error = e;
      }
    }
  });

  const settle = (group: readonly Pending<A>[]): void => {
    let committed = false;
    for (const pending of group) {
      if (pending.result === null) pending.reject(toStoreError(pending.error, operation(pending.append), fileName));
      else {
        committed = true;
        pending.resolve(pending.result);
      }
    }
    if (committed) onCommitted();
  };

  const flush = (): void => {
    if (scheduled !== null) clearImmediate(scheduled);
    scheduled = null;
    const group = queue;
    queue = [];
    if (group.length === 0) return;
    try {
      checkFile();
      if (group.length === 1) {
        const only = group[0]!;
        try {
          only.result = write.immediate(only.append);
        } catch (e) {
          only.error = e;
        }
      } else writeGroup.immediate(group);
      checkFile();
    } catch (e) {
      for (const pending of group) {
        pending.result = null;
        pending.error = e;
      }
    }
    settle(group);
  };

  return {
    enqueue: (append) =>
      new Promise<AppendResult>((resolve, reject) => {
        queue.push({ append, resolve, reject, result: null, error: undefined });
        scheduled ??= setImmediate(flush);
      }),
    flush,
  };
};
