/**
 * @casefold/sqlite — the embedded default store: events, stream heads, read models and
 * checkpoints in one SQLite file (or in memory), through better-sqlite3. See docs/sqlite.md.
 */
export { getSqliteEventStore } from './eventStore/getSqliteEventStore.js';
export type { SqliteEventStore, SqliteEventStoreOptions } from './eventStore/getSqliteEventStore.js';
export { getSqliteProjectionStore } from './projections/getSqliteProjectionStore.js';
export { openDatabase } from './database/openDatabase.js';
export type { SqliteDatabaseOptions, SynchronousMode } from './database/openDatabase.js';
export { latestSchemaVersion, migrations } from './database/migrations.js';
export type { Migration } from './database/migrations.js';
export {
  DatabaseCorruptError,
  DatabaseOpenError,
  DatabaseReadOnlyError,
  DatabaseReplacedError,
  IncompatibleDatabaseError,
  ProjectionRecordCorruptError,
  SchemaTooNewError,
  isDatabaseCorruptError,
  isDatabaseOpenError,
  isDatabaseReadOnlyError,
  isDatabaseReplacedError,
  isIncompatibleDatabaseError,
  isProjectionRecordCorruptError,
  isSchemaTooNewError,
} from './database/sqliteErrors.js';
export type { ReplacedFile } from './database/sqliteErrors.js';
