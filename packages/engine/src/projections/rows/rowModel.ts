import type { Column, Row, RowCountQuery, RowCursor, RowQuery, RowValue } from '@casefold/core';
import { shownValue } from '@casefold/core';
import { RowModelError, sameIgnoringCase } from './rowModelError.js';
import type { RowModel } from './rowProjectionStore.js';

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,47}$/;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one: text that is not well-formed Unicode. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Most rows one query page may ask for. */
export const MAX_ROW_PAGE = 10_000;

const checked = new WeakSet<object>();

/**
 * The table's column of this name, or `undefined`: its own columns only, so a name such as
 * `toString`, `constructor` or `__proto__` (from a query built from outside input) is not
 * taken for a column because every object inherits it.
 */
const columnNamed = (columns: Readonly<Record<string, Column>>, name: string): Column | undefined => (Object.hasOwn(columns, name) ? columns[name] : undefined);

/** Whether `value` is a list of strings (column names, keys). */
const isTextList = (value: unknown): value is readonly string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** What a value that should have been a list of names is, for a refusal: `"open"`, `a list holding a number`, `nothing`. */
const shapeOf = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const other = typeof value.find((item) => typeof item !== 'string');
    return `a list holding ${other === 'object' || other === 'undefined' ? 'an' : 'a'} ${other}`;
  }
  return value === null ? 'null' : typeof value;
};

/** Whether `value` is a plain object, not `null` nor a list. */
const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a row model's name and table: identifiers for the name, columns and indexes; no two
 * columns, nor two indexes, whose names are equal ignoring case; a key column of type text, not
 * nullable; indexes over known columns. The table once per table object; the name every time,
 * with the index names it makes (one table may serve under several names, e.g. a tenant's
 * `xishan__caseBoardRows`).
 *
 * @throws RowModelError saying what is wrong.
 */
export const checkRowModel = (model: RowModel): void => {
  const fail = (problem: string): never => {
    throw new RowModelError(model.name, problem);
  };
  if (!IDENTIFIER.test(model.name)) fail('its name must be an identifier of up to 48 characters ([A-Za-z][A-Za-z0-9_]*)');
  const { key, columns, indexes } = model.table;
  for (const index of Object.keys(indexes)) {
    // PostgreSQL cuts identifiers at 63 characters: rows_<name>__<index> must fit, or two indexes could get one name.
    if (`rows_${model.name}__${index}`.length > 63) fail(`index '${index}' makes the index name rows_${model.name}__${index} longer than 63 characters; shorten the index or projection name`);
  }
  if (checked.has(model.table)) return;
  const names = Object.keys(columns);
  if (names.length === 0) fail('its table has no columns');
  for (const name of names) {
    if (!IDENTIFIER.test(name)) fail(`column '${name}' is not an identifier ([A-Za-z][A-Za-z0-9_]*, up to 48 characters)`);
    const column = columns[name] as Column;
    if (column.type !== 'text' && column.type !== 'integer') fail(`column '${name}' has type ${JSON.stringify(column.type)}; use 'text' or 'integer'`);
  }
  const keyColumn = columnNamed(columns, key);
  if (keyColumn === undefined) fail(`its key '${key}' is not one of its columns`);
  if (keyColumn!.type !== 'text' || keyColumn!.nullable === true) fail(`its key column '${key}' must be text and not nullable`);
  for (const [index, indexed] of Object.entries(indexes)) {
    if (!IDENTIFIER.test(index)) fail(`index '${index}' is not an identifier`);
    if (indexed.length === 0) fail(`index '${index}' has no columns`);
    for (const column of indexed) if (columnNamed(columns, column) === undefined) fail(`index '${index}' names unknown column '${column}'`);
  }
  // SQLite's column and index names ignore case (PostgreSQL's quoted ones do not): refused on every store, so that a table that works on one works on all.
  for (const [what, named] of [
    ['columns', names],
    ['indexes', Object.keys(indexes)],
  ] as const) {
    const clash = sameIgnoringCase(named);
    if (clash !== null) fail(`${what} '${clash[0]}' and '${clash[1]}' have names equal ignoring case, which SQLite takes for one name; rename one of them`);
  }
  checked.add(model.table);
};

/** A value that is not what it should be, for a refusal: `42 (a number)`, `undefined`, `null`, `{"k":1} (an object)`, `[1] (a list)`; text as JSON. */
export const shownWithType = (value: unknown): string => {
  if (typeof value === 'number' || typeof value === 'boolean') return `${shownValue(value)} (a ${typeof value})`;
  if (Array.isArray(value)) return `${shownValue(value)} (a list)`;
  if (typeof value === 'object' && value !== null) return `${shownValue(value)} (an object)`;
  return shownValue(value);
};

/** The problem with `value` in `column`, or `null` if it fits. */
const valueProblem = (column: Column, value: unknown): string | null => {
  if (value === null) return column.nullable === true ? null : 'must not be null (the column is not nullable)';
  if (column.type === 'integer') return Number.isSafeInteger(value) ? null : `must be a safe integer, got ${shownValue(value)}`;
  if (typeof value !== 'string') return `must be text, got ${shownWithType(value)}`;
  if (value.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(value)) return 'must not contain a lone surrogate (not well-formed Unicode)';
  return null;
};

/**
 * Checks a row against its model's columns: every column present with a fitting value, no other.
 *
 * @throws RowModelError naming the row's key and the column.
 */
export const checkRow = (model: RowModel, row: Row): void => {
  const { columns, key } = model.table;
  const at = `row ${JSON.stringify(String(row[key]))}`;
  for (const name of Object.keys(row)) if (columnNamed(columns, name) === undefined) throw new RowModelError(model.name, `${at}: column '${name}' is not in the table`);
  for (const [name, column] of Object.entries(columns) as [string, Column][]) {
    if (!Object.hasOwn(row, name)) throw new RowModelError(model.name, `${at}: column '${name}' is missing`);
    const problem = valueProblem(column, row[name]);
    if (problem !== null) throw new RowModelError(model.name, `${at}: column '${name}' ${problem}`);
  }
};

/**
 * Checks the keys of a `get` or removal.
 *
 * @throws RowModelError for a key that is not valid text.
 */
export const checkKeys = (model: RowModel, keys: readonly string[]): void => {
  if (!Array.isArray(keys)) throw new RowModelError(model.name, `keys must be a list of text keys, got ${shownWithType(keys)}`);
  const column = model.table.columns[model.table.key] as Column;
  for (const key of keys) {
    const problem = valueProblem(column, key);
    if (problem !== null) throw new RowModelError(model.name, typeof key === 'string' ? `key ${JSON.stringify(key)} ${problem}` : `a key ${problem}`);
  }
};

/**
 * Checks what one commit writes: every row put fits the table, no key is put twice or both put
 * and removed, removed keys are valid.
 *
 * @throws RowModelError naming the row or key.
 */
export const checkRowCommit = (model: RowModel, put: readonly Row[], removed: readonly string[]): void => {
  const keys = new Set<string>();
  for (const row of put) {
    checkRow(model, row);
    const key = row[model.table.key] as string;
    if (keys.has(key)) throw new RowModelError(model.name, `row ${JSON.stringify(key)} is put twice in one commit; put each key once`);
    keys.add(key);
  }
  checkKeys(model, removed);
  for (const key of removed) if (keys.has(key)) throw new RowModelError(model.name, `row ${JSON.stringify(key)} is both put and removed in one commit; do one or the other`);
};

/**
 * Checks the checkpoint a `reset` or `commit` writes: a version that is a safe integer, and a
 * position (a commit's) that is a bigint not before the expected one.
 *
 * @throws RowModelError naming the operation and the value.
 */
export const checkRowCheckpoint = (model: RowModel, version: number, position: bigint, expectedPosition: bigint | null): void => {
  if (!Number.isSafeInteger(version)) throw new RowModelError(model.name, `the checkpoint's version must be a safe integer, got ${String(version)}`);
  if (typeof position !== 'bigint' || position < (expectedPosition ?? 0n)) {
    throw new RowModelError(
      model.name,
      `the checkpoint's position must be a bigint, not before the expected position ${String(expectedPosition ?? 0n)}, got ${typeof position === 'bigint' ? `${position}` : `${String(position)} (a ${typeof position})`}`,
    );
  }
};

/** A function that throws the model's {@link RowModelError} for a problem of one operation (`query`, `count`). */
const failureOf =
  (model: RowModel, operation: string) =>
  (problem: string): never => {
    throw new RowModelError(model.name, `${operation}: ${problem}`);
  };

/**
 * Checks a query's or count's equality filters: an object, of known columns, with values that fit
 * them. A column given `undefined` is refused, not read as absent: a filter built from outside
 * input (`{ unit: request.unit }`) whose value is missing would otherwise select every row.
 */
const checkFilter = (model: RowModel, filter: Readonly<Record<string, RowValue | undefined>> | undefined, fail: (problem: string) => never): [string, RowValue][] => {
  if (filter !== undefined && !isRecord(filter)) fail(`where must be an object of column values, got ${Array.isArray(filter) ? 'a list' : typeof filter}`);
  const where = Object.entries(filter ?? {});
  for (const [name, value] of where) {
    const column = columnNamed(model.table.columns, name) ?? fail(`column '${name}' is not in the table`);
    if (value === undefined) fail(`the filter on '${name}' is undefined: leave '${name}' out of where to select every value, or give the value to select`);
    const problem = valueProblem(column, value);
    if (problem !== null) fail(`the filter on '${name}' ${problem}`);
  }
  // Every value checked: none is undefined.
  return where as [string, RowValue][];
};

/** A query checked against its model: filters as column/value pairs, the sort columns with the key last. */
export interface CheckedRowQuery {
  readonly where: readonly (readonly [column: string, value: RowValue])[];
  /** The sort columns, then the key. */
  readonly orderBy: readonly string[];
  readonly descending: boolean;
  readonly limit: number;
  readonly after: RowCursor | null;
  /** What the query's cursors are made for (projection, filters, sort, direction; not the limit): the mark {@link nextCursor} gives a page's `next`. */
  readonly madeFor?: string;
}

/** The keys a query may have, and a count. */
const QUERY_KEYS = ['where', 'orderBy', 'direction', 'limit', 'after'];
const COUNT_KEYS = ['where', 'by'];

/** Refuses a key the query or count does not have (`offset`, a misspelt `orderBy`): it would be ignored, not obeyed. */
const checkKeysOf = (query: Readonly<Record<string, unknown>>, known: readonly string[], what: string, fail: (problem: string) => never): void => {
  for (const name of Object.keys(query)) {
    if (!known.includes(name)) fail(`'${name}' is not a key of a ${what} (${known.join(', ')}); remove it${what === 'query' ? ' (page with after: page.next, not an offset)' : ''}`);
  }
};

/**
 * The mark a page's `next` carries: what it was made for. A property of the list that is not
 * enumerable (and a registered symbol, the same in every copy of this module), so the cursor stays
 * the plain list of sort values and key that its JSON, a copy and a comparison see.
 */
const MADE_FOR = Symbol.for('@casefold/engine rowCursor madeFor');

/** What a query's cursors are made for, as a refusal shows it: the projection, the filters in column order, the sort and the direction. */
const madeForOf = (model: RowModel, where: readonly (readonly [string, RowValue])[], orderBy: readonly string[], descending: boolean): string => {
  const filters = [...where].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `'${model.name}' where ${JSON.stringify(Object.fromEntries(filters))} orderBy ${JSON.stringify(orderBy)} ${descending ? 'desc' : 'asc'}`;
};

/** What `cursor` was made for (a page's `next` handed back as it came), or `undefined` (a cursor built or copied from values). */
const madeForOfCursor = (cursor: RowCursor): string | undefined => {
  const mark = (cursor as { readonly [MADE_FOR]?: unknown })[MADE_FOR];
  return typeof mark === 'string' ? mark : undefined;
};

/**
 * Checks a query against its model.
 *
 * @throws RowModelError for a query of the wrong shape (not an object, a key other than `where`,
 *   `orderBy`, `direction`, `limit` and `after`, `orderBy` not a list of names, `where` not an
 *   object), an unknown column, a value that does not fit its column, a sort on a nullable column
 *   or on the key, a limit out of 1 to {@link MAX_ROW_PAGE}, a cursor that does not fit the sort,
 *   and a page's `next` handed to another query (other projection, filters, sort or direction:
 *   what its mark says it was made for). A cursor without the mark (built from values, copied,
 *   or through JSON) is a position, checked for its length and value types only.
 */
export const checkRowQuery = <R extends Row>(model: RowModel<R>, query: RowQuery<R>): CheckedRowQuery => {
  const { columns, key } = model.table;
  const fail = failureOf(model, 'query');
  if (!isRecord(query)) fail(`the query must be an object, got ${query === null ? 'null' : typeof query}`);
  checkKeysOf(query as unknown as Readonly<Record<string, unknown>>, QUERY_KEYS, 'query', fail);
  if (!isTextList(query.orderBy)) fail(`orderBy must be a list of column names (possibly empty: by the key alone), got ${shapeOf(query.orderBy)}`);
  const columnOf = (name: string): Column => columnNamed(columns, name) ?? fail(`column '${name}' is not in the table`);
  const where = checkFilter(model, query.where, fail);
  for (const name of query.orderBy) {
    if (columnOf(name).nullable === true) fail(`cannot sort on '${name}': it is nullable`);
    if (name === key) fail(`do not sort on the key '${name}': it is always the last sort column`);
  }
  if (new Set(query.orderBy).size !== query.orderBy.length) fail('a sort column is named twice');
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_ROW_PAGE) fail(`limit must be an integer from 1 to ${MAX_ROW_PAGE}, got ${shownValue(query.limit)}`);
  const direction = query.direction ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') fail(`direction must be 'asc' or 'desc', got ${shownValue(direction)}`);
  const orderBy = [...query.orderBy, key];
  const descending = direction === 'desc';
  const madeFor = madeForOf(model, where, orderBy, descending);
  const after = query.after ?? null;
  if (after !== null) {
    if (!Array.isArray(after) || after.length !== orderBy.length) fail(`the cursor must be the 'next' of a page of this query (${orderBy.length} values)`);
    const cursorMadeFor = madeForOfCursor(after);
    if (cursorMadeFor !== undefined && cursorMadeFor !== madeFor) {
      fail(
        `the cursor is the 'next' of a page of another query (made for ${cursorMadeFor}; this query is ${madeFor}); hand a page's next only to the query that gave it (its limit may change), or leave after out to start at the first page`,
      );
    }
    orderBy.forEach((name, i) => {
      const problem = after[i] === null ? 'is null' : valueProblem(columnOf(name), after[i]);
      if (problem !== null) fail(`the cursor's value for '${name}' ${problem}`);
    });
  }
  return { where, orderBy, descending, limit: query.limit, after, madeFor };
};

/** The cursor after `row` in a query sorted by `orderBy` (key last). */
export const cursorOf = (row: Row, orderBy: readonly string[]): RowCursor => orderBy.map((name) => row[name] ?? null);

/**
 * The next page's cursor: after the last row of a full page, `null` after a shorter one. It
 * carries (not enumerable) what the query was made for, so that {@link checkRowQuery} refuses
 * it handed to another query.
 */
export const nextCursor = (rows: readonly Row[], query: CheckedRowQuery): RowCursor | null => {
  if (rows.length < query.limit) return null;
  const cursor = cursorOf(rows[rows.length - 1]!, query.orderBy);
  if (query.madeFor !== undefined) Object.defineProperty(cursor, MADE_FOR, { value: query.madeFor, enumerable: false });
  return cursor;
};

/** A count checked against its model: filters as column/value pairs, the columns it groups by. */
export interface CheckedRowCount {
  readonly where: readonly (readonly [column: string, value: RowValue])[];
  readonly by: readonly string[];
}

/**
 * Checks a count against its model.
 *
 * @throws RowModelError for a key other than `where` and `by`, an unknown column (filtered or grouped by), a filter value that does not fit its column, a column grouped by twice.
 */
export const checkRowCountQuery = <R extends Row>(model: RowModel<R>, query: RowCountQuery<R>): CheckedRowCount => {
  const fail = failureOf(model, 'count');
  if (!isRecord(query)) fail(`the count query must be an object, got ${query === null ? 'null' : typeof query}`);
  checkKeysOf(query as unknown as Readonly<Record<string, unknown>>, COUNT_KEYS, 'count', fail);
  const where = checkFilter(model, query.where, fail);
  if (query.by !== undefined && !isTextList(query.by)) fail(`by must be a list of column names, got ${shapeOf(query.by)}`);
  const by = [...(query.by ?? [])];
  for (const name of by) if (columnNamed(model.table.columns, name) === undefined) fail(`cannot group by '${name}': it is not in the table`);
  if (new Set(by).size !== by.length) fail('a column is grouped by twice');
  return { where, by };
};
