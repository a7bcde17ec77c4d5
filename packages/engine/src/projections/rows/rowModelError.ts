import { CasefoldError, isCasefoldError } from '../../eventStore/casefoldError.js';

/**
 * What a refusal found wrong in what the store holds, rather than in the definition, rows or query
 * given: the table gone while its checkpoint stays (`tableMissing`), a table whose columns, key or
 * indexes are not the definition's (`otherTable`: changed behind the store's back, or by a
 * definition changed without a new version), a stored value the definition does not allow
 * (`storedValue`) — a store's rows are derived from the events: rebuilding them mends these —
 * or the name held by another projection (`nameTaken`: a row projection's equal ignoring case, or
 * a document projection's), which only deleting or renaming one of them mends.
 */
export type StoredRowsProblem = 'tableMissing' | 'otherTable' | 'storedValue' | 'nameTaken';

/**
 * A row projection's table, a row or a query does not fit (a name that is not an identifier, an
 * unknown column, a value of the wrong type, a sort on a nullable column, …), or what the store
 * holds does not fit the definition (`inStore`). Nothing was written.
 */
export class RowModelError extends CasefoldError {
  override readonly name = 'RowModelError';
  constructor(
    /** The row projection. */
    readonly model: string,
    /** What is wrong and where, e.g. `row 'case-7': column 'open' must be a safe integer, got "yes"`. */
    readonly problem: string,
    /** What to do; by default, fix the projection's code. */
    readonly advice = "fix the projection's table, apply or query",
    /** What is wrong in the store's table or rows (`null`: in what was given); a program may rebuild the rows on it (as `casefold` says to). */
    readonly inStore: StoredRowsProblem | null = null,
  ) {
    super(`Row projection '${model}': ${problem}. Nothing was written; ${advice} (see docs/row-projections.md).`);
  }
}

/** The refusal of a row store whose projection's table is gone while its checkpoint stays (dropped behind the store's back): nothing in the projection's code to fix. */
export const missingRowTableError = (model: string): RowModelError =>
  new RowModelError(
    model,
    `its table rows_${model} is missing although a checkpoint is stored`,
    "delete the projection (the row store's delete) and start its runner again: it builds the rows again from the events",
    'tableMissing',
  );

/**
 * Of `names`, the first name equal to an earlier one ignoring letter case, with that earlier one
 * (`['kind', 'Kind']`); `null` if there is none. Row projection, column and index names are
 * identifiers of ASCII letters, digits and `_`: SQLite's names ignore their case.
 */
export const sameIgnoringCase = (names: Iterable<string>): readonly [earlier: string, later: string] | null => {
  const seen = new Map<string, string>();
  for (const name of names) {
    const earlier = seen.get(name.toLowerCase());
    if (earlier !== undefined) return [earlier, name];
    seen.set(name.toLowerCase(), name);
  }
  return null;
};

/**
 * The refusal, by a row store, of a projection whose name equals another row projection's
 * (`other`, with a checkpoint) ignoring case: projection names equal ignoring case are the same
 * name on every store, since SQLite's table names ignore case (a reset of `rows_QUEUEA` would drop
 * `rows_queueA`).
 */
export const sameNameIgnoringCaseError = (name: string, other: string): RowModelError =>
  new RowModelError(
    name,
    `its name and the name of row projection '${other}' are equal ignoring case, so they are one name (SQLite's table names ignore case: rows_${name} is the table rows_${other}), which that projection already has`,
    `choose another name, or delete row projection '${other}' first (the row store's delete)`,
    'nameTaken',
  );

/** The largest magnitude of an integer a row column holds (`Number.MAX_SAFE_INTEGER`, 2^53 - 1), for a store's SQL. */
export const MAX_ROW_INTEGER = '9007199254740991';

/**
 * The refusal of a read of a stored integer that the definition does not allow (beyond a safe
 * integer: changed behind the store's back, since a commit refuses one): the row's key (`null` if
 * it was not found again), the column, and the stored value exactly, as text.
 */
export const unsafeStoredIntegerError = (model: string, key: string | null, column: string, stored: string): RowModelError =>
  new RowModelError(
    model,
    `${key === null ? 'a row' : `row '${key}'`}: column '${column}' holds ${stored}, which this definition does not allow (a safe integer, at most 2^53 - 1 either side of 0)`,
    "the stored rows were changed behind the store's back: delete the projection (the row store's delete) or give it a new version, and its runner builds the rows again from the events",
    'storedValue',
  );

/** Guard for {@link RowModelError}. */
export const isRowModelError = (e: unknown): e is RowModelError => isCasefoldError(e, 'RowModelError');

declare module '../../eventStore/casefoldError.js' {
  interface CasefoldErrorKinds {
    RowModelError: RowModelError;
  }
}
