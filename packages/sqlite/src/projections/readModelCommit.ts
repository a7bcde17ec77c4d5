import type { Database } from 'better-sqlite3';

/** `PRAGMA synchronous` as SQLite answers it: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
const NORMAL = 1;

/**
 * Runs a read model's commit (a transaction function of better-sqlite3, so it runs to its end
 * without yielding) at `synchronous = NORMAL` when the database is in WAL mode and set to sync
 * harder (FULL, the default, or EXTRA), and sets the level back afterwards, even when the
 * commit throws. Event appends on the same connection keep the configured level.
 *
 * Why this is sound: a read model (its rows or state, and its checkpoint) is derived from the
 * event log and committed in one transaction. In WAL mode a NORMAL commit is atomic and
 * consistent but not durable: a power loss or an operating-system crash may roll back the last
 * commits not yet synced, each whole, never a part of one; a crash of the process loses
 * nothing. The next FULL commit (an event append) syncs the WAL file, and with it every
 * read-model commit written before it. So after a power loss the read model's checkpoint is at
 * most where it was, its rows match that checkpoint, and the runner folds the events after it
 * again; the events stay as durable as configured (see docs/sqlite.md, Durability).
 *
 * Not changed: inside a transaction the caller opened (SQLite refuses to change the level
 * there, and that transaction's COMMIT decides), outside WAL mode (rollback-journal NORMAL has
 * no such guarantee on every filesystem), and at NORMAL or OFF (already no sync per commit).
 */
export const readModelCommit = (db: Database): (<T>(commit: () => T) => T) => {
  return (commit) => {
    if (db.inTransaction) return commit();
    const level = db.pragma('synchronous', { simple: true }) as number;
    if (level <= NORMAL || db.pragma('journal_mode', { simple: true }) !== 'wal') return commit();
    db.pragma(`synchronous = ${NORMAL}`);
    try {
      return commit();
    } finally {
      db.pragma(`synchronous = ${level}`);
    }
  };
};
