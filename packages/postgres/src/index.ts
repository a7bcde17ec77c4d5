export * from './connection/postgresErrors.js';
export type { PostgresPoolOptions } from './connection/connectionOptions.js';
export { redactConnectionString } from './connection/connectionOptions.js';
export * from './eventStore/getPostgresEventStore.js';
export { MAX_EVENTS_PER_APPEND } from './eventStore/positions.js';
export { latestSchemaVersion, migrations } from './schema/migrations.js';
export type { Migration } from './schema/migrations.js';
