export * from './database/openDatabase.js';
export * from './database/sqliteErrors.js';
export { latestSchemaVersion, migrations } from './database/migrations.js';
export type { Migration } from './database/migrations.js';
export * from './eventStore/getSqliteEventStore.js';
export * from './projections/getSqliteProjectionStore.js';
