import { CasefoldError, isCasefoldError } from '../../eventStore/casefoldError.js';

/**
 * A row projection's table, a row or a query does not fit (a name that is not an identifier, an
 * unknown column, a value of the wrong type, a sort on a nullable column, …). Nothing was written.
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
  );

/** Guard for {@link RowModelError}. */
export const isRowModelError = (e: unknown): e is RowModelError => isCasefoldError(e, 'RowModelError');

declare module '../../eventStore/casefoldError.js' {
  interface CasefoldErrorKinds {
    RowModelError: RowModelError;
  }
}
