import type { OpenedStore } from './openedStore.js';
import { openSqliteStore } from './openSqliteStore.js';
import { type StoreLocation, describeLocation } from './storeLocation.js';

export type { OpenedStore } from './openedStore.js';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Directory a relative file name is resolved against. */
  readonly cwd: string;
  /** Create the store if it does not exist (demo, import). Otherwise a missing file, or a PostgreSQL database without the store's schema, is an error and nothing is created. */
  readonly create?: boolean;
  /**
   * `bulk`: a command that writes many events at once (demo, import) skips the per-commit
   * sync and makes the whole file durable once, when it is closed. Default `durable`:
   * every commit is on disk before it returns (SQLite `synchronous = FULL`). PostgreSQL
   * ignores it: every commit there is durable.
   */
  readonly durability?: 'durable' | 'bulk';
  /** How long to wait for another process's write lock, in ms. Default 5,000 (SQLite only). */
  readonly lockTimeoutMs?: number;
  /** Rows per read page. Default 10,000 (see {@link DEFAULT_PAGE_SIZE}). */
  readonly pageSize?: number;
}

/**
 * Rows per read page: larger than the store's default, because the projection runner
 * commits its (large) read model whenever a page ends, so fewer pages mean fewer commits
 * in a replay. About 10 MB of rows in memory at a time.
 */
export const DEFAULT_PAGE_SIZE = 10_000;

/**
 * Opens the store at a location, through the adapter's opener (all return the same shape,
 * `CasefoldStore`): a SQLite file (`@casefold/sqlite`), a `postgres://` URL
 * (`@casefold/postgres`, schema `casefold`) or an `esdb://` URL with its paired projection
 * store (`@casefold/eventstoredb`); the last two are optional peer dependencies, loaded only here.
 * This module only dispatches: the adapters hold every statement.
 *
 * @throws StoreAccessError for a missing file (unless `create`), a locked, too new or
 *   foreign database; for PostgreSQL, the adapter not installed, a malformed URL, a refused login, a missing
 *   database, a database without a store (unless `create`), a server that is down, or a
 *   schema too new; for EventStoreDB, the adapter not installed, a malformed URL or prefix,
 *   a server that is down or denies access, a projection store that belongs elsewhere, or a
 *   prefix without events (unless `create`).
 */
export const openStore = async (location: StoreLocation, options: OpenStoreOptions): Promise<OpenedStore> => {
  const description = describeLocation(location);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const lockTimeoutMs = options.lockTimeoutMs ?? 5_000;
  if (location.kind === 'eventstoredb') {
    // The EventStoreDB adapter (and its gRPC client) is loaded only for an EventStoreDB location, as the PostgreSQL one.
    const { openEventStoreDbStore } = await import('./openEventStoreDbStore.js');
    return openEventStoreDbStore({ location, description, cwd: options.cwd, create: options.create === true, bulk: options.durability === 'bulk', lockTimeoutMs, pageSize });
  }
  if (location.kind === 'postgres') {
    // The PostgreSQL adapter (and pg) is loaded only for a PostgreSQL location: a SQLite user need not install it.
    const { openPostgresStore } = await import('./openPostgresStore.js');
    return openPostgresStore({ url: location.url, description, pageSize, create: options.create === true });
  }
  return openSqliteStore({
    fileName: location.fileName,
    description,
    cwd: options.cwd,
    create: options.create === true,
    bulk: options.durability === 'bulk',
    lockTimeoutMs,
    pageSize,
  });
};
