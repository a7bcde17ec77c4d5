import pg from 'pg';
import { ensureOpen, toStoreError } from './postgresErrors.js';
import { parseConnectionString, poolConfig, type PostgresPoolOptions } from './connectionOptions.js';

/** A row as the store reads it: an array of column values as PostgreSQL's text (or `null`). */
export type TextRow = readonly (string | null)[];

/** A statement; a `name` makes `pg` prepare it once per connection. */
export interface Statement {
  readonly name?: string;
  readonly text: string;
}

/** Runs one statement; rows come back as text arrays, failures as the port's typed errors. */
export type Query = (operation: string, statement: Statement, values?: readonly unknown[]) => Promise<TextRow[]>;

/** What {@link Session.command} resolves with. */
export interface CommandResult {
  /** The command tag, e.g. `COMMIT` (or `ROLLBACK` when the server rolled the transaction back). */
  readonly command: string;
  readonly rows: TextRow[];
}

/** One pooled connection, held for a piece of work (a transaction). */
export interface Session {
  /** Runs one statement on this connection. */
  readonly query: Query;
  /**
   * Runs statements without parameters, one or several (`;`-separated), in one round trip
   * (PostgreSQL's simple query protocol); resolves with the last one's command tag and rows.
   */
  readonly command: (operation: string, text: string) => Promise<CommandResult>;
}

/** The store's handle on PostgreSQL: a pool whose failures come out as the port's typed errors. */
export interface Database {
  /** Runs one statement on a pooled connection. */
  readonly query: Query;
  /**
   * Runs `work` on one pooled connection, returned to the pool afterwards. If `work` throws,
   * the connection is closed instead (it may be inside a transaction).
   */
  readonly withSession: <T>(operation: string, work: (session: Session) => Promise<T>) => Promise<T>;
  /** Most connections the pool opens (`pool.max`). */
  readonly maxConnections: number;
  /** Opens a dedicated connection outside the pool (for LISTEN), errors mapped like `query`. */
  readonly connect: (operation: string) => Promise<pg.Client>;
  /** Runs statements on a connection opened with `connect`: rows and failures as `query`'s. */
  readonly queryOn: (connection: pg.Client) => Query;
  readonly pool: pg.Pool;
  /** `host:port/database`, for messages. */
  readonly target: string;
  readonly isClosed: () => boolean;
  readonly close: () => Promise<void>;
}

/** Options for {@link openDatabase}. */
export interface OpenDatabaseOptions {
  readonly connectionString: string;
  readonly pool?: PostgresPoolOptions;
}

const rawText = (value: string): string => value;
/** Every column as PostgreSQL's text: the store parses bigints and JSON itself. */
const RAW_TYPES = { getTypeParser: () => rawText } as unknown as pg.CustomTypesConfig;

/**
 * Creates the pool (connecting lazily) after validating the connection string and options.
 * Idle connections that die (server restart) are dropped quietly; the next query opens a new one.
 *
 * @throws InvalidConnectionStringError, InvalidPostgresOptionError
 */
export const openDatabase = (options: OpenDatabaseOptions): Database => {
  const { target } = parseConnectionString(options.connectionString);
  const config = poolConfig(options.connectionString, options.pool);
  const pool = new pg.Pool(config);
  pool.on('error', () => {
    // An idle connection broke (server restart, network): pg-pool already discarded it.
  });
  // Every connection listens for 'error' from the moment it is connected, for as long as it
  // lives: pg-pool listens only while a connection is idle, and a server's FATAL (57P01 at a
  // fast shutdown) can arrive while it is checked out but no query runs (in the same read as
  // the login's last message, before `await pool.connect()` resumes, or between two
  // statements). Unheard, 'error' would crash the process; the next query on the connection
  // fails instead, as a typed error.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  let closed = false;

  const queryOn =
    (runner: pg.Pool | pg.PoolClient | pg.Client): Query =>
    async (operation, statement, values) => {
      ensureOpen(closed, operation);
      try {
        const result = await runner.query<unknown[]>({
          ...statement,
          values: values as unknown[],
          rowMode: 'array',
          types: RAW_TYPES,
        });
        return result.rows as TextRow[];
      } catch (e) {
        throw toStoreError(e, operation, target);
      }
    };
  const query = queryOn(pool);

  const withSession = async <T>(operation: string, work: (session: Session) => Promise<T>): Promise<T> => {
    ensureOpen(closed, operation);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      throw toStoreError(e, operation, target);
    }
    const command = async (what: string, text: string): Promise<CommandResult> => {
      ensureOpen(closed, what);
      try {
        const result = (await client.query({ text, rowMode: 'array', types: RAW_TYPES })) as pg.QueryResult<unknown[]> | pg.QueryResult<unknown[]>[];
        const last = Array.isArray(result) ? result[result.length - 1]! : result;
        return { command: last.command, rows: last.rows as TextRow[] };
      } catch (e) {
        throw toStoreError(e, what, target);
      }
    };
    try {
      const result = await work({ query: queryOn(client), command });
      client.release();
      return result;
    } catch (e) {
      client.release(true);
      throw e;
    }
  };

  const connect = async (operation: string): Promise<pg.Client> => {
    ensureOpen(closed, operation);
    const client = new pg.Client(config);
    client.on('error', () => {
      // From birth, as for pooled connections; reported to the owner through 'end'.
    });
    try {
      await client.connect();
      return client;
    } catch (e) {
      await client.end().catch(() => undefined);
      throw toStoreError(e, operation, target);
    }
  };

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await pool.end();
  };

  return { query, withSession, maxConnections: config.max ?? 10, connect, queryOn, pool, target, isClosed: () => closed, close };
};
