import type { Envelope } from '../projection.js';

/** A value of one column of a row: text, a safe integer, or `null` in a nullable column. */
export type RowValue = string | number | null;

/** A row of a row projection: one value per column, by column name. */
export type Row = Readonly<Record<string, RowValue>>;

/** How a column is stored: `text` (compared by code point) or `integer` (a safe integer). */
export type ColumnType = 'text' | 'integer';

/** One column of a {@link RowTable}. */
export interface Column {
  readonly type: ColumnType;
  /** Whether the column may hold `null`. Default `false`. A nullable column cannot be sorted on. */
  readonly nullable?: boolean;
}

/**
 * The table a row projection keeps: its columns, the key column (text, unique: a `put` of a row
 * with a key already present replaces that row) and the indexes it declares, by name. Every index
 * ends with the key column too (the stores add it), so a sorted, keyset-paged query whose filters
 * and sort columns follow an index is answered from that index. Column and index names are
 * identifiers (`[A-Za-z][A-Za-z0-9_]*`).
 */
export interface RowTable<R extends Row> {
  readonly key: keyof R & string;
  readonly columns: { readonly [K in keyof R & string]: Column };
  readonly indexes: Readonly<Record<string, readonly (keyof R & string)[]>>;
}

/**
 * The rows an `apply` may read and change: only those whose keys `keysOf` named for the event.
 * Reads see the writes made before, in the same batch.
 */
export interface Rows<R extends Row> {
  /** The row with this key, or `undefined` if there is none. */
  readonly get: (key: string) => R | undefined;
  /** Inserts the row, or replaces the row with the same key. */
  readonly put: (row: R) => void;
  /** Removes the row with this key, if any. */
  readonly remove: (key: string) => void;
}

/**
 * A projection whose read model is a table of keyed rows (one per case, per unit, per day, …)
 * instead of one document. Pure, like {@link Projection}: `keysOf` names the rows an event may
 * read or change (the engine loads them), `apply` reads and writes those rows only; the engine
 * stores the rows it changed with the checkpoint, in one transaction. A new `version` drops the
 * table and rebuilds it from scratch (so the table's shape may change with it).
 */
export interface RowProjection<R extends Row, E> {
  /** The projection's unique name (an identifier: it also names the table). */
  readonly name: string;
  readonly version: number;
  readonly table: RowTable<R>;
  /** The keys of the rows `apply` may read or change for this event (none: the event changes nothing). */
  readonly keysOf: (envelope: Envelope<E>) => readonly string[];
  readonly apply: (rows: Rows<R>, envelope: Envelope<E>) => void;
}

/** Equality filters over columns: every one given must hold. */
export type RowFilter<R extends Row> = { readonly [K in keyof R]?: R[K] };

/** Where a page ends: the values of the sort columns, then the key, of its last row. Opaque to callers. */
export type RowCursor = readonly RowValue[];

/**
 * A query over a row projection's table: rows matching `where`, sorted by `orderBy` (then by the
 * key), `limit` at most, after `after` (keyset paging: pass the page's `next`). Answered from an
 * index whose leading columns are the filtered ones followed by the sort columns.
 */
export interface RowQuery<R extends Row> {
  readonly where?: RowFilter<R>;
  /** Columns to sort on (not nullable), all in `direction`; the key is always the last tie-break. */
  readonly orderBy: readonly (keyof R & string)[];
  /** Default `asc`. */
  readonly direction?: 'asc' | 'desc';
  readonly limit: number;
  readonly after?: RowCursor;
}

/** One page of a {@link RowQuery}: its rows, and the cursor of the next page. */
export interface RowPage<R extends Row> {
  readonly rows: readonly R[];
  /**
   * The cursor after this page's last row when the page is full (`limit` rows), `null` when it
   * holds fewer. A full last page still gives a cursor, whose page is empty (next `null`): 80
   * rows at limit 40 come as pages of 40, 40 and 0 rows. Stop at `next === null`, not at a short page.
   */
  readonly next: RowCursor | null;
}

/**
 * A count over a row projection's table: the rows matching `where`, in groups by the `by`
 * columns (none: one group, every matching row). Answered from an index whose leading columns
 * are the filtered ones (the groups then follow from the index too when `by` continues it).
 */
export interface RowCountQuery<R extends Row> {
  readonly where?: RowFilter<R>;
  /** Columns to group by (any, nullable ones too); none: one group. */
  readonly by?: readonly (keyof R & string)[];
}

/**
 * One group of a {@link RowCountQuery}: the values of its `by` columns, in the order given, and how
 * many matching rows hold them. A count returns the groups that have rows, in no particular order;
 * without `by`, exactly one group (`values: []`), whose count may be 0.
 */
export interface RowGroupCount {
  readonly values: readonly RowValue[];
  readonly count: number;
}
