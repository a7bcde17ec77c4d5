import { RowModelError } from '../projections/rows/rowModelError.js';

/**
 * The state of a row projection's checkpoint record, among the document projections' records:
 * where its rows are (`{"rowTable":"rows_<name>"}`, as JSON text). It marks the record as a row
 * projection's, so that each store refuses the other's (a name is one or the other).
 */
export const rowProjectionMarkerOf = (name: string): string => JSON.stringify({ rowTable: `rows_${name}` });

/** The refusal, by a row store, of a name whose record is a document projection's. */
export const takenByDocumentProjectionError = (name: string): RowModelError =>
  new RowModelError(
    name,
    'the name is taken by a document projection (its record holds a state, not rows)',
    'choose another name for the row projection, or delete the document projection first',
    'nameTaken',
  );

/** The refusal, by a document projection store, of a name whose record is a row projection's (see {@link rowProjectionMarkerOf}). */
export const takenByRowProjectionError = (name: string): RowModelError =>
  new RowModelError(
    name,
    `the name is taken by a row projection (its record marks its table rows_${name}, it holds no state)`,
    "choose another name for the document projection, or delete the row projection first (the row store's delete)",
    'nameTaken',
  );
