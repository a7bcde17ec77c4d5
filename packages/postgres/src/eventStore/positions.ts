/**
 * The global position scheme (docs/postgres.md, "Ordering").
 *
 * Every event's position is `(xid + base) << 16 | index`: the 64-bit id of the transaction
 * that wrote it (`pg_current_xact_id()`), shifted past a 16-bit index of the event within its
 * append. Readers of the whole store read only positions below
 * `(pg_snapshot_xmin(pg_current_snapshot()) + base) << 16`: every transaction with a smaller
 * id has ended, so no event can later appear below that bound. Positions therefore grow in
 * the order events become visible to such readers, and a reader resuming after a position
 * never skips or repeats an event, whatever the interleaving of commits.
 *
 * `base` is 0 unless the database was restored into a cluster whose transaction ids are
 * behind its events; opening the store then raises it (see prepareSchema).
 */

/** Bits of the per-append event index. */
export const POSITION_SHIFT = 16n;

/** Most events one append may carry (the index must fit in {@link POSITION_SHIFT} bits). */
export const MAX_EVENTS_PER_APPEND = 2 ** Number(POSITION_SHIFT) - 1;

/** SQL for the high part of the positions this transaction writes (assigns its transaction id). */
export const transactionPositionSql = (base: bigint): string => `((pg_current_xact_id()::text::bigint + ${base}) << ${POSITION_SHIFT})`;

/** SQL for the exclusive upper bound of the positions a whole-store reader may read now. */
export const visibleBoundSql = (base: bigint, snapshot = 'pg_current_snapshot()'): string => `((pg_snapshot_xmin(${snapshot})::text::bigint + ${base}) << ${POSITION_SHIFT})`;
