/**
 * @casefold/eventstoredb — the EventStoreDB / KurrentDB store, through `@eventstore/db-client`:
 * events in the server's streams (under a stream prefix of the store's own), read models and
 * checkpoints in a paired SQLite or PostgreSQL store. See docs/eventstoredb.md. Opened with
 * {@link openEventStoreDbStore}, as `openSqliteStore` and `openPostgresStore` open theirs.
 */
export { openEventStoreDbStore, DEFAULT_STREAM_PREFIX } from './openEventStoreDbStore.js';
export type { EventStoreDbStoreOptions, PairedProjectionStore } from './openEventStoreDbStore.js';
export { EventStoreDbAccessDeniedError, isEventStoreDbAccessDeniedError } from './connection/eventStoreDbErrors.js';
