/** The brand of casefold's errors (`isCasefoldError` in `@casefold/engine` recognises it), shared across package copies. */
const BRAND = Symbol.for('@casefold/error');

/**
 * A stored row of a built-in row projection does not hold what the projection writes: a JSON
 * column that is not JSON, or JSON of another shape (changed outside casefold, or by a bug).
 * Thrown when such a row is read — by a query's report or by the projection's `apply` — instead
 * of computing with it. The rows are derived from the events, so nothing is lost: delete the
 * projection's rows and let its runner build them again (`casefold replay` does so for the
 * built-in ones). One of casefold's errors: `isCasefoldError(e, 'StoredRowError')` recognises it
 * too, also across copies of the package.
 */
export class StoredRowError extends Error {
  override readonly name = 'StoredRowError';
  constructor(
    /** The row projection, e.g. `deadlinesRows`. */
    readonly projection: string,
    /** The row's key. */
    readonly key: string,
    /** The column holding the bad value, e.g. `clocks`. */
    readonly column: string,
    /** What was wrong, e.g. `not JSON (Unexpected token…)` or `clocks.review.pauses is not an array`. */
    readonly problem: string,
  ) {
    super(
      `Row projection '${projection}', row ${JSON.stringify(key)}, column '${column}': ${problem}. The stored row is not what the projection writes. ` +
        `Its rows are derived from the events: delete them (\`casefold replay\` rebuilds the built-in row projections, or the row store's delete(${JSON.stringify(projection)})) ` +
        'and start the runner again: it builds them again from the events (see docs/row-projections.md).',
    );
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True when `e` is a {@link StoredRowError} (by its brand and name: also one from another copy of the package). */
export const isStoredRowError = (e: unknown): e is StoredRowError =>
  typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true && (e as { name?: unknown }).name === 'StoredRowError';
