import type { Database } from 'better-sqlite3';
import type { EventStore } from '@casefold/engine';

const databases = new WeakMap<EventStore, Database>();

/** @internal Records the connection behind a store made by `getSqliteEventStore`. */
export const registerStoreDatabase = (store: EventStore, db: Database): void => {
  databases.set(store, db);
};

/**
 * @internal The better-sqlite3 connection behind a SQLite store, for this package's tests
 * (e.g. to corrupt a row of an in-memory store). Not part of the public API.
 */
export const storeDatabase = (store: EventStore): Database => {
  const db = databases.get(store);
  if (db === undefined) throw new TypeError('storeDatabase: this store was not made by getSqliteEventStore()');
  return db;
};
