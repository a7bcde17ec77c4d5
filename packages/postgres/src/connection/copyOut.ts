import type pg from 'pg';
import type { TextRow } from './database.js';

/**
 * `COPY … TO STDOUT` in text format, read row by row as PostgreSQL sends it (one CopyData
 * message per row). Replay reads its pages this way: a row arrives as one buffer, becomes one
 * string and is split at its tabs, instead of going through the driver's per-column row
 * machinery; measured here, that more than halves the driver's cost per row (see
 * docs/postgres.md, "Figures").
 */

/** The escapes of COPY's text format (everything else after a backslash stands for itself). */
const UNESCAPED: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const ESCAPE = /\\([\s\S])/g;
const unescapeField = (field: string): string | null =>
  field === '\\N' ? null : field.replace(ESCAPE, (_, c: string) => UNESCAPED[c] ?? c);

/**
 * One line of COPY's text format (without its newline) as a row of column texts: columns are
 * split at tabs (a tab inside a value arrives escaped), `\N` is NULL, and backslash escapes are
 * undone only when the line has any (values of this store rarely do).
 */
export const parseCopyLine = (line: string): TextRow => {
  const fields = line.split('\t');
  return line.includes('\\') ? fields.map(unescapeField) : fields;
};

/** The `pg` query object of a COPY TO STDOUT: collects the lines, then calls `callback` once. */
interface CopyOutQuery {
  callback: (error: Error | null) => void;
  readonly submit: (connection: { query: (text: string) => void }) => void;
  readonly handleCopyData: (message: { chunk: Buffer }) => void;
  readonly handleError: (error: Error) => void;
  readonly handleReadyForQuery: () => void;
  readonly handleCommandComplete: () => void;
  readonly handleRowDescription: () => void;
  readonly handleDataRow: () => void;
  readonly handleEmptyQuery: () => void;
  readonly handlePortalSuspended: () => void;
}

const NEWLINE = 0x0a;

/**
 * Runs `text` (a `COPY (…) TO STDOUT` statement, simple-query protocol, so no parameters) on
 * `client`, then calls `done` once, synchronously from the driver's handler (so the caller can
 * release the connection before any later event of it): with the rows, or with the first
 * failure (an error response, a broken connection, or `pg`'s query timeout, which calls
 * `callback` itself).
 */
export const copyOutRows = (client: pg.ClientBase, text: string, done: (error: Error | undefined, rows: TextRow[]) => void): void => {
  const rows: TextRow[] = [];
  let failure: Error | undefined;
  let settled = false;
  const nothing = (): void => undefined;
  const query: CopyOutQuery = {
    callback: (error) => {
      if (settled) return;
      settled = true;
      done(error ?? undefined, rows);
    },
    submit: (connection) => connection.query(text),
    handleCopyData: ({ chunk }) => {
      const end = chunk[chunk.length - 1] === NEWLINE ? chunk.length - 1 : chunk.length;
      rows.push(parseCopyLine(chunk.toString('utf8', 0, end)));
    },
    handleError: (error) => {
      failure ??= error;
      query.callback(failure);
    },
    handleReadyForQuery: () => query.callback(failure ?? null),
    handleCommandComplete: nothing,
    handleRowDescription: nothing,
    handleDataRow: nothing,
    handleEmptyQuery: nothing,
    handlePortalSuspended: nothing,
  };
  client.query(query as unknown as pg.Submittable);
};
