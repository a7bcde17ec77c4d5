import type { CasefoldStore, RowProjectionStore } from '@casefold/engine';
import { getSqliteEventStore } from './eventStore/getSqliteEventStore.js';
import type { SqliteEventStore, SqliteEventStoreOptions } from './eventStore/getSqliteEventStore.js';

/** Options of {@link openSqliteStore}: the file, and the same option names and units as `openPostgresStore` where they mean the same. */
export type SqliteStoreOptions = SqliteEventStoreOptions;

/** What {@link openSqliteStore} returns: the common shape of every store, its events being the SQLite event store. */
export interface SqliteStore extends CasefoldStore {
  readonly events: SqliteEventStore;
  /** Row projections (a table of rows each, with its checkpoint) in the same file; see docs/row-projections.md. */
  readonly rowProjections: RowProjectionStore;
}

/**
 * Opens (creating and migrating if needed) a casefold store in one SQLite file, or in memory
 * with `fileName: ':memory:'`: events, read models and settings in the one file, in the shape
 * every adapter's opener returns (`{ events, projections, settings, readLastPosition, close }`).
 * See {@link getSqliteEventStore} for the options, the errors and how several processes share a file.
 *
 * @throws InvalidStoreOptionError, before anything is opened; DatabaseOpenError,
 *   DatabaseCorruptError, SchemaTooNewError, IncompatibleDatabaseError, StoreUnavailableError.
 */
export const openSqliteStore = async (options: SqliteStoreOptions): Promise<SqliteStore> => {
  const events = getSqliteEventStore(options);
  return {
    events,
    projections: events.projections,
    rowProjections: events.rowProjections,
    settings: events.settings,
    readLastPosition: (options) => events.readLastPosition(options),
    close: () => events.close(),
  };
};
