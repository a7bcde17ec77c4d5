/**
 * @casefold/postgres — the PostgreSQL store: events, read models, settings and checkpoints in
 * one database through `pg`, with versioned migrations, transaction-id ordered positions,
 * LISTEN/NOTIFY subscriptions and typed, time-bounded failures. See docs/postgres.md.
 * Opened with {@link openPostgresStore}, as `openSqliteStore` opens the SQLite store; the
 * errors both share (`DatabaseOpenError`, `SchemaTooNewError`, `InvalidStoreOptionError`, …)
 * are `@casefold/engine`'s. Connection strings are read and redacted without `pg` by the
 * `@casefold/postgres/connectionString` subpath.
 */
export { openPostgresStore } from './openPostgresStore.js';
export type { PostgresStore, PostgresStoreOptions } from './openPostgresStore.js';
export type { PostgresPoolOptions } from './database/connectionOptions.js';
export { InvalidConnectionStringError, NOT_A_URL, isInvalidConnectionStringError, redactConnectionString } from './database/connectionString.js';
export { PostgresAuthenticationError, isPostgresAuthenticationError, PostgresPermissionError, isPostgresPermissionError } from './database/postgresErrors.js';
export { storeExists } from './eventStore/storeExists.js';
export type { StoreExistsOptions } from './eventStore/storeExists.js';
export { MAX_EVENTS_PER_APPEND } from './eventStore/positions.js';
export { latestSchemaVersion, migrations } from './database/migrations.js';
export { openPostgresKeystore } from './keystore/openPostgresKeystore.js';
export type { PostgresKeystoreOptions } from './keystore/openPostgresKeystore.js';
