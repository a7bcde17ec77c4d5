import { RowModelError } from '../projections/rows/rowModelError.js';
import type { RowCheckpoint, RowModel } from '../projections/rows/rowProjectionStore.js';
import type { RowSqlDialect } from '../projections/rows/rowSql.js';

/** A row table's key and indexes as a SQL store reads them back from its database's catalog. */
export interface StoredRowKeyAndIndexes {
  /** The primary key's columns, in order. */
  readonly key: readonly string[];
  /**
   * Every other index of the table: its name as stored (unquoted, e.g. `rows_cases__byStage`) and
   * its columns in order. Indexes not named as the dialect names a declared index (an operator's
   * own, say) are left out of the comparison.
   */
  readonly indexes: ReadonlyMap<string, readonly string[]>;
}

const list = (columns: readonly string[]): string => `(${columns.join(', ')})`;

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

/**
 * How a stored table's key and indexes differ from a row model's, one phrase per difference (none:
 * they match): the key, each declared index (its columns, then the key, as `rowSql` creates it)
 * missing or on other columns, and each index named like a declared one that the model does not
 * declare. The dialect's index names must be double-quoted identifiers (`"rows_<name>__<index>"`).
 */
export const rowKeyAndIndexesDifferences = (model: RowModel, dialect: RowSqlDialect, stored: StoredRowKeyAndIndexes): string[] => {
  const { key, indexes } = model.table;
  const differences: string[] = [];
  if (!same(stored.key, [key])) differences.push(`its key is ${list(stored.key)}, this definition's is ${list([key])}`);
  const unquoted = (quoted: string): string => quoted.replace(/^"|"$/g, '');
  const prefix = unquoted(dialect.index(model.name, ''));
  const declared = new Set<string>();
  for (const [index, indexed] of Object.entries(indexes)) {
    const name = unquoted(dialect.index(model.name, index));
    declared.add(name);
    const expected = [...indexed.filter((c) => c !== key), key];
    const found = stored.indexes.get(name);
    if (found === undefined) differences.push(`index '${index}' ${list(expected)} is missing`);
    else if (!same(found, expected)) differences.push(`index '${index}' is on ${list(found)}, this definition's on ${list(expected)}`);
  }
  for (const [name, columns] of stored.indexes) {
    if (name.startsWith(prefix) && !declared.has(name)) differences.push(`index '${name.slice(prefix.length)}' ${list(columns)} is not in this definition`);
  }
  return differences;
};

const OTHER_TABLE_ADVICE =
  'give the projection a new version whenever its columns, key or indexes change (its runner then rebuilds the table), run one version of a projection at a time, and give each projection a name of its own';

const storedVersion = (stored: RowCheckpoint | null): string => (stored === null ? '' : ` (version ${stored.version} is stored)`);

/**
 * The refusal of an operation on a table whose columns are not its definition's (names, types,
 * nullability): the columns changed without a new version, or another version, or another
 * projection of the same name, built it. `stored` is the checkpoint found, if any.
 */
export const otherRowColumnsError = (name: string, stored: RowCheckpoint | null): RowModelError =>
  new RowModelError(
    name,
    `its table rows_${name} does not have the columns of this definition${storedVersion(stored)}: ` +
      'its columns changed without a new version, or another version of this projection, or another projection of the same name, built it',
    OTHER_TABLE_ADVICE,
    'otherTable',
  );

/**
 * The refusal of an operation on a table whose columns are its definition's but whose key or
 * indexes are not ({@link rowKeyAndIndexesDifferences} gives `differences`): a query would
 * scan, or a row be found under another key. `stored` is the checkpoint found, if any.
 */
export const otherRowKeyOrIndexesError = (name: string, stored: RowCheckpoint | null, differences: readonly string[]): RowModelError =>
  new RowModelError(
    name,
    `its table rows_${name} does not have the key and indexes of this definition${storedVersion(stored)}: ${differences.join('; ')}; ` +
      'its key or indexes changed without a new version, or another version of this projection, or another projection of the same name, built it',
    OTHER_TABLE_ADVICE,
    'otherTable',
  );
