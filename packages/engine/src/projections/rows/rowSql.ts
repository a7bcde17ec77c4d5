import type { Column, Row, RowCountQuery, RowValue } from '@casefold/core';
import { type CheckedRowQuery, checkRowCountQuery } from './rowModel.js';
import type { RowModel } from './rowProjectionStore.js';

/** How one SQL database spells what the row statements need. */
export interface RowSqlDialect {
  /** The table of a row projection, quoted and qualified as needed (names are identifiers, checked). */
  readonly table: (name: string) => string;
  /** An index's name, quoted (unique in its schema), from the projection and the declared index. */
  readonly index: (name: string, index: string) => string;
  /** A column's type, e.g. `TEXT` or `text COLLATE "C"` (text must compare by code point). */
  readonly columnType: (column: Column) => string;
  /** The `i`-th parameter (1-based), e.g. `?` or `$1`. */
  readonly parameter: (i: number) => string;
  /** What follows a CREATE TABLE's column list, e.g. SQLite's ` STRICT, WITHOUT ROWID` (or nothing). */
  readonly tableOptions: string;
  /**
   * What a `SELECT` of whole rows lists, from the column names (identifiers, checked) in table
   * order: by default the columns themselves; a store may read each row as one value instead
   * (SQLite: one JSON text a row, see `sqliteRowDialect`).
   */
  readonly selectRow?: (columns: readonly string[]) => string;
}

/** A statement with its parameter values. */
export interface RowStatement {
  readonly text: string;
  readonly values: readonly RowValue[];
}

/** The statements a SQL store runs for one row model (generated once per model). */
export interface RowSql {
  /** The column names in table order: rows are written and read in this order. */
  readonly columns: readonly string[];
  /** DROP TABLE IF EXISTS. */
  readonly drop: string;
  /** CREATE TABLE, then one CREATE INDEX per declared index (its columns, then the key). */
  readonly create: readonly string[];
  /** Inserts a row (values in `columns` order). */
  readonly insert: string;
  /**
   * Sets these columns (values in the order given, then the key) of the row of one key: a store
   * that knows which columns changed writes only those, and the database leaves the indexes of
   * the others alone.
   */
  readonly update: (changed: readonly string[]) => string;
  /** Deletes the row of one key (`$1`). */
  readonly remove: string;
  /** Selects the rows (all columns, in order, or as the dialect's `selectRow` reads them) of `count` keys. */
  readonly selectKeys: (count: number) => string;
  /** The query's statement: columns in order (or as the dialect's `selectRow` reads them), filtered, sorted, after the cursor, limited. */
  readonly query: (query: CheckedRowQuery) => RowStatement;
  /**
   * A count's statement (checked here: `RowModelError` for one that does not fit): the `by`
   * columns' values, then the count, per group; and the columns grouped by, in that order.
   */
  readonly count: <R extends Row>(query: RowCountQuery<R>) => RowStatement & { readonly by: readonly string[] };
}

const quote = (identifier: string): string => `"${identifier}"`;

/**
 * The SQL of a row model's table, shared by the SQLite and PostgreSQL row stores: identifiers are
 * checked (checkRowModel) and quoted, every value is a parameter. The keyset condition of a page is
 * a row-value comparison `(a, b, key) > (?, ?, ?)`, which both databases answer from an index on
 * the filtered columns followed by `a, b, key`.
 */
export const rowSql = (model: RowModel, dialect: RowSqlDialect): RowSql => {
  const { key, columns: columnTypes, indexes } = model.table;
  const columns = Object.keys(columnTypes);
  const table = dialect.table(model.name);
  const list = columns.map(quote).join(', ');
  const selected = dialect.selectRow?.(columns) ?? list;
  /** The conditions of equality filters (`IS NULL` for null), their values appended to `values`. */
  const equalities = (where: CheckedRowQuery['where'], values: RowValue[]): string[] =>
    where.map(([name, value]) => {
      if (value === null) return `${quote(name)} IS NULL`;
      values.push(value);
      return `${quote(name)} = ${dialect.parameter(values.length)}`;
    });
  const parameters = (count: number, from = 1): string => Array.from({ length: count }, (_, i) => dialect.parameter(from + i)).join(', ');
  const definitions = columns.map((name) => {
    const column = columnTypes[name] as Column;
    return `${quote(name)} ${dialect.columnType(column)}${column.nullable === true ? '' : ' NOT NULL'}${name === key ? ' PRIMARY KEY' : ''}`;
  });
  return {
    columns,
    drop: `DROP TABLE IF EXISTS ${table}`,
    create: [
      `CREATE TABLE ${table} (${definitions.join(', ')})${dialect.tableOptions}`,
      ...Object.entries(indexes).map(([index, indexed]) => `CREATE INDEX ${dialect.index(model.name, index)} ON ${table} (${[...indexed.filter((c) => c !== key), key].map(quote).join(', ')})`),
    ],
    insert: `INSERT INTO ${table} (${list}) VALUES (${parameters(columns.length)})`,
    update: (changed) => `UPDATE ${table} SET ${changed.map((name, i) => `${quote(name)} = ${dialect.parameter(i + 1)}`).join(', ')} WHERE ${quote(key)} = ${dialect.parameter(changed.length + 1)}`,
    remove: `DELETE FROM ${table} WHERE ${quote(key)} = ${dialect.parameter(1)}`,
    selectKeys: (count) => `SELECT ${selected} FROM ${table} WHERE ${quote(key)} IN (${parameters(count)})`,
    query: (query) => {
      const values: RowValue[] = [];
      const conditions = equalities(query.where, values);
      if (query.after !== null) {
        const from = values.length + 1;
        values.push(...query.after);
        conditions.push(`(${query.orderBy.map(quote).join(', ')}) ${query.descending ? '<' : '>'} (${parameters(query.after.length, from)})`);
      }
      values.push(query.limit);
      const direction = query.descending ? ' DESC' : '';
      return {
        text:
          `SELECT ${selected} FROM ${table}${conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`} ` +
          `ORDER BY ${query.orderBy.map((name) => quote(name) + direction).join(', ')} LIMIT ${dialect.parameter(values.length)}`,
        values,
      };
    },
    count: (query) => {
      const { where, by } = checkRowCountQuery(model, query);
      const values: RowValue[] = [];
      const conditions = equalities(where, values);
      const groups = by.map(quote).join(', ');
      return {
        text:
          `SELECT ${by.length === 0 ? '' : `${groups}, `}COUNT(*) FROM ${table}${conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`}` + (by.length === 0 ? '' : ` GROUP BY ${groups}`),
        values,
        by,
      };
    },
  };
};
