/**
 * @casefold/postgres — the PostgreSQL event store: events, read models and checkpoints in
 * one database through `pg`, with versioned migrations, transaction-id ordered positions,
 * LISTEN/NOTIFY subscriptions and typed, time-bounded failures. See docs/postgres.md.
 */
export { getPostgresEventStore } from './eventStore/getPostgresEventStore.js';
export type { PostgresEventStoreOptions, PostgresEventStoreResult } from './eventStore/getPostgresEventStore.js';
export type { PostgresPoolOptions } from './connection/connectionOptions.js';
export { redactConnectionString } from './connection/connectionOptions.js';
export {
  DatabaseOpenError,
  IncompatibleDatabaseError,
  InvalidConnectionStringError,
  InvalidPostgresOptionError,
  PostgresAuthenticationError,
  SchemaTooNewError,
  isDatabaseOpenError,
  isIncompatibleDatabaseError,
  isInvalidConnectionStringError,
  isInvalidPostgresOptionError,
  isPostgresAuthenticationError,
  isSchemaTooNewError,
} from './connection/postgresErrors.js';
export { readLastPosition } from './eventStore/readLastPosition.js';
export type { ReadLastPositionOptions } from './eventStore/readLastPosition.js';
export { storeExists } from './eventStore/storeExists.js';
export type { StoreExistsOptions } from './eventStore/storeExists.js';
export { MAX_EVENTS_PER_APPEND } from './eventStore/positions.js';
export { latestSchemaVersion, migrations } from './schema/migrations.js';
export type { Migration } from './schema/migrations.js';
