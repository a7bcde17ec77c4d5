import type pg from 'pg';
import type { Database } from '../connection/database.js';
import { InvalidPostgresOptionError, SchemaTooNewError, toStoreError } from '../connection/postgresErrors.js';
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

/** Checks a schema name (lower-case letters, digits and `_`, at most 63) and quotes it. */
export const quoteSchemaName = (schema: string): string => {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema)) {
    throw new InvalidPostgresOptionError('schema', `'${String(schema)}' is not a plain lower-case identifier (a-z, 0-9, _; at most 63)`);
  }
  return `"${schema}"`;
};

interface SchemaState {
  readonly version: number;
  readonly positionBase: bigint;
  /** Whether the base must rise: the newest event's transaction part is not below the next transaction id. */
  readonly lagging: boolean;
}

const readState = async (run: (text: string) => Promise<readonly (string | null)[] | undefined>, quoted: string, rawSchema: string): Promise<SchemaState> => {
  const exists = await run(`SELECT to_regclass('${quoted}.schema_version')::text`);
  if (exists?.[0] == null) return { version: 0, positionBase: 0n, lagging: false };
  const [version] = (await run(`SELECT coalesce(max(version), 0)::text FROM ${quoted}.schema_version`)) ?? [];
  const found = Number(version ?? 0);
  if (found > latestSchemaVersion) throw new SchemaTooNewError(rawSchema, found, latestSchemaVersion);
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

const migrate = async (client: pg.Client, quoted: string, rawSchema: string): Promise<bigint> => {
  const run = async (text: string): Promise<readonly (string | null)[] | undefined> =>
    (await client.query<(string | null)[]>({ text, rowMode: 'array' })).rows[0];
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`casefold schema ${rawSchema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${quoted}.schema_version (
         version     integer     PRIMARY KEY,
         description text        NOT NULL,
         applied_at  timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const state = await readState(run, quoted, rawSchema);
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
 * processes opening a fresh database at once migrate it exactly once), creates the schema,
 * applies the missing migrations and raises the position base if the database was restored
 * into a cluster whose transaction ids lag its events.
 *
 * @throws SchemaTooNewError when the schema was written by a newer casefold (nothing changed).
 * @throws StoreUnavailableError, PostgresAuthenticationError
 */
export const prepareSchema = async (db: Database, schema: string): Promise<PreparedSchema> => {
  const quoted = quoteSchemaName(schema);
  const operation = `prepare schema '${schema}'`;
  const state = await readState(async (text) => (await db.query(operation, { text }))[0], quoted, schema);
  if (state.version === latestSchemaVersion && !state.lagging) return { quoted, positionBase: state.positionBase };
  let client: pg.PoolClient;
  try {
    client = await db.pool.connect();
  } catch (e) {
    throw toStoreError(e, operation, db.target);
  }
  try {
    return { quoted, positionBase: await migrate(client, quoted, schema) };
  } catch (e) {
    throw toStoreError(e, operation, db.target);
  } finally {
    client.release();
  }
};
