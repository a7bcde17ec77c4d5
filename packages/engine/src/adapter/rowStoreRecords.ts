import { RowModelError } from '../projections/rows/rowModelError.js';
import type { RowCheckpoint } from '../projections/rows/rowProjectionStore.js';

/**
 * The state of a row projection's checkpoint record, among the document projections' records:
 * where its rows are (`{"rowTable":"rows_<name>"}`, as JSON text). It marks the record as a row
 * projection's, so that each store refuses the other's (a name is one or the other).
 */
export const rowProjectionMarkerOf = (name: string): string => JSON.stringify({ rowTable: `rows_${name}` });

/** The refusal, by a row store, of a name whose record is a document projection's. */
export const takenByDocumentProjectionError = (name: string): RowModelError =>
  new RowModelError(name, 'the name is taken by a document projection (its record holds a state, not rows); choose another name or delete that projection');

/** The refusal, by a document projection store, of a name whose record is a row projection's (see {@link rowProjectionMarkerOf}). */
export const takenByRowProjectionError = (name: string): RowModelError =>
  new RowModelError(
    name,
    `the name is taken by a row projection (its record marks its table rows_${name}, it holds no state)`,
    "choose another name for the document projection, or delete the row projection first (the row store's delete)",
  );

/**
 * The refusal of an operation on a table whose columns are not its definition's (names, types,
 * nullability): the columns changed without a new version, or another version, or another
 * projection of the same name, built it. `stored` is the checkpoint found, if any.
 */
export const otherRowColumnsError = (name: string, stored: RowCheckpoint | null): RowModelError =>
  new RowModelError(
    name,
    `its table rows_${name} does not have the columns of this definition${stored === null ? '' : ` (version ${stored.version} is stored)`}: ` +
      'its columns changed without a new version, or another version of this projection, or another projection of the same name, built it',
    'give the projection a new version whenever its columns change (its runner then rebuilds the table), run one version of a projection at a time, and give each projection a name of its own',
  );
