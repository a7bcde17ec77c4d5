import type { Row, RowCountQuery, RowGroupCount, RowPage, RowQuery, RowTable } from '@casefold/core';

/** What a {@link RowProjectionStore} needs of a row projection to keep its table: its name (which names the table too) and the table's shape. */
export interface RowModel<R extends Row = Row> {
  readonly name: string;
  readonly table: RowTable<R>;
}

/** A row projection's checkpoint: the definition version that wrote its rows and the position of the last event folded into them. */
export interface RowCheckpoint {
  readonly name: string;
  readonly version: number;
  /** `0n` before any event. */
  readonly position: bigint;
}

/** What one commit writes: the new checkpoint, the rows put (inserted or replaced by key) and the keys of the rows removed. */
export interface RowCommit<R extends Row = Row> {
  readonly version: number;
  readonly position: bigint;
  readonly put: readonly R[];
  readonly removed: readonly string[];
}

/**
 * The port through which a row projection's runner keeps its rows and checkpoint. See
 * docs/row-projections.md.
 *
 * Contract for adapters (checked by `rowProjectionStoreConformance`):
 * - **One table per projection**, in the same database as the checkpoint, with the columns of
 *   `model.table` and one index per declared index (its columns, then the key). The checkpoint is
 *   the projection's record among the document projections' (`ProjectionStore`), marked as rows:
 *   a name is either a document projection or a row projection.
 * - **Names equal ignoring case are one name**, on every store, so that a projection that works on
 *   one works on all (SQLite's names ignore case: `rows_QUEUEA` is the table `rows_queueA`). `reset`
 *   refuses a projection whose name equals another row projection's (one with a checkpoint)
 *   ignoring case with `RowModelError`, before anything is dropped or created: the other's table,
 *   rows and checkpoint stay. `checkRowModel` refuses a table with two columns, or two indexes,
 *   whose names are equal ignoring case.
 * - `reset` drops the table if it exists, creates it empty with its indexes, and sets the
 *   checkpoint to `{ version, position: 0n }`, **in one transaction**; it is how a runner starts a
 *   projection it finds no checkpoint for, rebuilds, and changes version (the table's shape may
 *   change with the version).
 * - `commit` writes the rows put, removes the keys removed (absent ones are ignored) and moves the
 *   checkpoint to `{ version, position }`, **in one transaction**: after a crash a reader sees the
 *   rows and checkpoint of the commit before, or of this one, never a mix.
 * - Both are conditional on `expectedPosition`, the checkpoint position the caller last loaded or
 *   wrote (`null` for none: `reset` only). If the stored checkpoint differs, nothing is written and
 *   they throw `ProjectionConflictError`. A `commit` is conditional on the version too: one of
 *   another version than the stored checkpoint's (an old instance's runner after a newer one
 *   rebuilt the table) writes nothing and throws `ProjectionConflictError` with
 *   `versions: { committed, stored }`.
 * - A checkpoint that does not fit — a version that is not a safe integer, a position that is
 *   not a bigint or goes back before `expectedPosition` — is refused with `RowModelError`
 *   (`checkRowCheckpoint`), nothing written.
 * - A name is a document projection's or a row projection's: `reset` refuses a document
 *   projection's record, and the document store refuses to load, commit or delete a row
 *   projection's, each with `RowModelError`. A store that keeps tables refuses a definition whose
 *   columns, key or indexes are not those of the stored table (changed without a new version)
 *   with `RowModelError` naming the stored version, in `commit`, `get`, `query` and `count` before
 *   anything else. A `get` of no keys reads no row but checks the table afresh, whatever the store
 *   checked before: a runner resuming on a checkpoint of its version does one on start, so that it
 *   is refused then, not at its first read or commit.
 * - `get` returns the rows of the keys given that exist; `query` returns one page, sorted by the
 *   query's columns then the key, compared as stored: integers by value, text by Unicode code point,
 *   whatever the database's collation. Both read committed rows only.
 * - Values round-trip exactly: text as strings, integers as numbers, `null` as `null`. A row or query
 *   that does not fit the table (an unknown or missing column, a value of the wrong type, a `null`
 *   in a column not nullable, text with a NUL or a lone surrogate, an integer not safe, a sort on a
 *   nullable column, a cursor of the wrong length) is refused with `RowModelError` before anything
 *   is written.
 * - `count` counts the committed rows matching the filters, per group of the `by` columns' values
 *   (groups with rows only, in no particular order; without `by`, one group, its count maybe 0);
 *   an unknown column or a filter value that does not fit is refused with `RowModelError`.
 * - `delete` drops the table and the checkpoint; an unknown name does nothing.
 * - A table missing while its checkpoint is stored (dropped behind the store's back) is refused by
 *   `commit`, `get` (of no keys too), `query` and `count` with `RowModelError`, nothing written,
 *   whether the store had used the table before or not; `delete` then `reset` is the way out.
 */
export interface RowProjectionStore {
  load(name: string): Promise<RowCheckpoint | null>;
  reset(model: RowModel, version: number, expectedPosition: bigint | null): Promise<void>;
  commit<R extends Row>(model: RowModel<R>, commit: RowCommit<R>, expectedPosition: bigint): Promise<void>;
  get<R extends Row>(model: RowModel<R>, keys: readonly string[]): Promise<ReadonlyMap<string, R>>;
  query<R extends Row>(model: RowModel<R>, query: RowQuery<R>): Promise<RowPage<R>>;
  count<R extends Row>(model: RowModel<R>, query: RowCountQuery<R>): Promise<readonly RowGroupCount[]>;
  delete(name: string): Promise<void>;
}
