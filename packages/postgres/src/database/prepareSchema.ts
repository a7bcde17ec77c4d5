import type pg from 'pg';
import type { Database } from './openDatabase.js';
import { DatabaseOpenError, IncompatibleDatabaseError, InvalidStoreOptionError, SchemaTooNewError } from '@casefold/engine';
import { codeOf, isPostgresPermissionError, toStoreError } from './postgresErrors.js';
import { POSITION_SHIFT } from '../eventStore/positions.js';
import { latestSchemaVersion, migrations } from './migrations.js';

/** What a store needs to know about its schema once it is ready. */
export interface PreparedSchema {
  /** The schema name, quoted for SQL. */
  readonly quoted: string;
  /** The position base in force (see positions.ts). */
  readonly positionBase: bigint;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Checks a schema name (lower-case letters, digits and `_`, at most 63, neither starting with
 * `pg_`, which PostgreSQL reserves for its system schemas, nor `information_schema`, the SQL
 * standard's catalog) and quotes it.
 *
 * @throws InvalidStoreOptionError
 */
export const quoteSchemaName = (schema: string): string => {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new InvalidStoreOptionError('schema', `'${String(schema)}' is not a plain lower-case identifier (a-z, 0-9, _; at most 63)`);
  }
  if (schema.startsWith('pg_') || schema === 'information_schema') {
    throw new InvalidStoreOptionError(
      'schema',
      `'${schema}' is a name PostgreSQL keeps for its own catalogs (${schema === 'information_schema' ? 'information_schema' : 'names starting with pg_'}); choose another, e.g. the default 'casefold'`,
    );
  }
  return `"${schema}"`;
};

/** Where a store's schema is, for the errors that name it: `host:port/database (schema name)`. */
export const schemaTarget = (target: string, schema: string): string => `${target} (schema ${schema})`;

/** SQLSTATEs of a schema object that is not casefold's: a table of its name already there, a column missing or of another type. */
const FOREIGN_TABLE_CODES = new Set(['42P07', '42703', '42804']);

/** What a role lacking a privilege (42501) should be granted, by the kind of object the server names. */
const grantAdvice = (message: string, schema: string): string => {
  if (/ for database /.test(message)) {
    return `have an administrator create the schema for the store's role (CREATE SCHEMA ${schema} AUTHORIZATION <role>), or grant the role CREATE on the database`;
  }
  if (/ for table | for sequence /.test(message)) {
    return `grant the store's role SELECT, INSERT, UPDATE and DELETE on every table of the schema (GRANT … ON ALL TABLES IN SCHEMA ${schema} TO <role>), or use the role that owns them`;
  }
  return `make the store's role the owner of the schema '${schema}', or grant it USAGE and CREATE on it (GRANT USAGE, CREATE ON SCHEMA ${schema} TO <role>)`;
};

/**
 * Maps what the server says while the schema is prepared: a missing privilege (42501) becomes
 * {@link DatabaseOpenError}, a table of casefold's name with another shape
 * {@link IncompatibleDatabaseError}; connection failures go through {@link toStoreError}.
 */
const toOpenError = (error: unknown, schema: string, operation: string, target: string): unknown => {
  // The pool's queries already say a refused privilege as PostgresPermissionError: here it gets the schema's advice.
  const e = isPostgresPermissionError(error) ? error.cause : error;
  const code = codeOf(e);
  const message = e instanceof Error ? e.message : String(e);
  if (code === '42501') {
    return new DatabaseOpenError(target, `the store's role may not prepare the schema '${schema}' (${message})`, grantAdvice(message, schema), { cause: e });
  }
  if (code !== undefined && FOREIGN_TABLE_CODES.has(code)) {
    return new IncompatibleDatabaseError(
      schemaTarget(target, schema),
      `it holds a table that casefold did not create, of one of its names (events, projections, settings, app_settings, schema_version) but another shape (${message})`,
      "give the store a schema of its own (the 'schema' option), or move the other tables away",
      { cause: e },
    );
  }
  return toStoreError(e, operation, target);
};

interface SchemaState {
  readonly version: number;
  readonly positionBase: bigint;
  /** Whether the base must rise: the newest event's transaction part is not below the next transaction id. */
  readonly lagging: boolean;
}

const readState = async (run: (text: string) => Promise<readonly (string | null)[] | undefined>, quoted: string, target: string): Promise<SchemaState> => {
  const exists = await run(`SELECT to_regclass('${quoted}.schema_version')::text`);
  if (exists?.[0] == null) return { version: 0, positionBase: 0n, lagging: false };
  const [version] = (await run(`SELECT coalesce(max(version), 0)::text FROM ${quoted}.schema_version`)) ?? [];
  const found = Number(version ?? 0);
  if (found > latestSchemaVersion) throw new SchemaTooNewError(target, found, latestSchemaVersion, '@casefold/postgres');
  if (found === 0) return { version: 0, positionBase: 0n, lagging: false };
  const row = await run(
    `SELECT (SELECT value::text FROM ${quoted}.settings WHERE key = 'position_base'),
            (SELECT coalesce(max(position), 0) >> ${POSITION_SHIFT} FROM ${quoted}.events)::text,
            pg_snapshot_xmax(pg_current_snapshot())::text`,
  );
  const positionBase = BigInt(row?.[0] ?? '0');
  const newestHigh = BigInt(row?.[1] ?? '0');
  const nextXid = BigInt(row?.[2] ?? '0');
  return { version: found, positionBase, lagging: nextXid + positionBase <= newestHigh };
};

const migrate = async (client: pg.Client, quoted: string, rawSchema: string, target: string): Promise<bigint> => {
  const run = async (text: string): Promise<readonly (string | null)[] | undefined> => (await client.query<(string | null)[]>({ text, rowMode: 'array' })).rows[0];
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`casefold schema ${rawSchema}`]);
    // Only when missing: CREATE SCHEMA needs CREATE on the database, even with IF NOT EXISTS,
    // and a role may well own (or may create in) a schema an administrator made for it.
    const found = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [rawSchema]);
    if (found.rowCount === 0) await client.query(`CREATE SCHEMA ${quoted}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.schema_version (
         version     integer     PRIMARY KEY,
         description text        NOT NULL,
         applied_at  timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const state = await readState(run, quoted, target);
    for (const migration of migrations) {
      if (migration.version <= state.version) continue;
      await client.query(migration.sql(quoted));
      await client.query(`INSERT INTO ${quoted}.schema_version (version, description) VALUES ($1, $2)`, [migration.version, migration.description]);
    }
    // This transaction holds an id now; every later one is larger. Raise the base so that the
    // next transaction's positions lie above the newest event.
    const [base] =
      (await run(
        `UPDATE ${quoted}.settings SET value = greatest(value,
           (SELECT coalesce(max(position), 0) >> ${POSITION_SHIFT} FROM ${quoted}.events) - pg_current_xact_id()::text::bigint)
         WHERE key = 'position_base' RETURNING value::text`,
      )) ?? [];
    await client.query('COMMIT');
    return BigInt(base ?? '0');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
};

/**
 * Makes the schema ready: reads its version and position base without writing when all is
 * in place (the usual case); otherwise, in one transaction under an advisory lock (so that
 * processes opening a fresh database at once migrate it exactly once), creates the schema
 * if it is missing, applies the missing migrations and raises the position base if the
 * database was restored into a cluster whose transaction ids lag its events.
 *
 * @throws SchemaTooNewError when the schema was written by a newer casefold (nothing changed).
 * @throws DatabaseOpenError when the role lacks a privilege it needs (nothing changed).
 * @throws IncompatibleDatabaseError when the schema holds a table of casefold's name with another shape (nothing changed).
 * @throws StoreUnavailableError, PostgresAuthenticationError
 */
export const prepareSchema = async (db: Database, schema: string): Promise<PreparedSchema> => {
  const quoted = quoteSchemaName(schema);
  const operation = `prepare schema '${schema}'`;
  const opening = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (e) {
      throw toOpenError(e, schema, operation, db.target);
    }
  };
  const target = schemaTarget(db.target, schema);
  const state = await opening(() => readState(async (text) => (await db.query(operation, { text }))[0], quoted, target));
  if (state.version === latestSchemaVersion && !state.lagging) return { quoted, positionBase: state.positionBase };
  const client = await opening(() => db.pool.connect());
  try {
    return { quoted, positionBase: await opening(() => migrate(client, quoted, schema, target)) };
  } finally {
    client.release();
  }
};
