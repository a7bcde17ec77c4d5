/**
 * @casefold/sqlite — the embedded default store: events, stream heads, read models, settings
 * and checkpoints in one SQLite file (or in memory), through better-sqlite3. See docs/sqlite.md.
 * Opened with {@link openSqliteStore}, as `openPostgresStore` opens the PostgreSQL store; the
 * errors both share (`DatabaseOpenError`, `SchemaTooNewError`, …) are `@casefold/engine`'s.
 */
export { openSqliteStore } from './openSqliteStore.js';
export type { SqliteStore, SqliteStoreOptions } from './openSqliteStore.js';
export { getSqliteEventStore } from './eventStore/getSqliteEventStore.js';
export type { SqliteEventStore, SqliteEventStoreOptions } from './eventStore/getSqliteEventStore.js';
export { getSqliteProjectionStore } from './projections/getSqliteProjectionStore.js';
export { getSqliteRowProjectionStore } from './projections/getSqliteRowProjectionStore.js';
export { getSqliteSettingsStore } from './settings/getSqliteSettingsStore.js';
export { openDatabase } from './database/openDatabase.js';
export type { SqliteDatabaseOptions, SynchronousMode } from './database/openDatabase.js';
export { deleteStoreFile } from './database/deleteStoreFile.js';
export type { DeleteStoreFileOptions } from './database/deleteStoreFile.js';
export { latestSchemaVersion, migrations } from './database/migrations.js';
export { DatabaseCorruptError, DatabaseReadOnlyError, DatabaseReplacedError, isDatabaseCorruptError, isDatabaseReadOnlyError, isDatabaseReplacedError } from './database/sqliteErrors.js';
export type { ReplacedFile } from './database/sqliteErrors.js';
export { openSqliteKeystore } from './keystore/openSqliteKeystore.js';
export type { SqliteKeystoreOptions } from './keystore/openSqliteKeystore.js';
