import { closeSync, existsSync, fsyncSync, openSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isDatabaseOpenError, isIncompatibleDatabaseError, isSchemaTooNewError, isStoreUnavailableError } from '@casefold/engine';
import { openSqliteStore as openSqliteAdapter } from '@casefold/sqlite';
import { StoreAccessError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';
import type { OpenedStore } from './openedStore.js';
import { storeSettings } from './storeSettings.js';

/** Options of {@link openSqliteStore}. */
export interface OpenSqliteStoreOptions {
  /** The file name as given. */
  readonly fileName: string;
  /** The location for messages. */
  readonly description: string;
  readonly cwd: string;
  readonly create: boolean;
  readonly bulk: boolean;
  readonly lockTimeoutMs: number;
  readonly pageSize: number;
}

const missing = (location: string): StoreAccessError =>
  new StoreAccessError(
    location,
    localized((m) => m.store.missing),
    localized((m) => m.store.missingHint),
  );

/** The error for a database another process keeps locked. */
export const lockedError = (location: string, cause: unknown): StoreAccessError =>
  new StoreAccessError(
    location,
    localized((m) => m.store.locked),
    localized((m) => m.store.lockedHint),
    { cause },
  );

/** Turns an opening failure into a {@link StoreAccessError} that says what to do. */
const openingError = (location: string, error: unknown): unknown => {
  if (isSchemaTooNewError(error)) {
    return new StoreAccessError(
      location,
      localized((m) => m.store.tooNew(error.foundVersion, error.knownVersion)),
      localized((m) => m.store.tooNewHint),
      { cause: error },
    );
  }
  if (isIncompatibleDatabaseError(error))
    return new StoreAccessError(
      location,
      error.reason,
      localized((m) => m.servers.notCasefoldHint),
      { cause: error },
    );
  if (isDatabaseOpenError(error)) {
    const { advice } = error;
    return new StoreAccessError(
      location,
      error.reason,
      localized((m) => m.servers.openFailedHint(advice)),
      { cause: error },
    );
  }
  if (isStoreUnavailableError(error)) return lockedError(location, error);
  return error;
};

/** Flushes a file to disk. */
const fsyncFile = (fileName: string): void => {
  const fd = openSync(fileName, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** A SQLite file opened through the adapter: its store, and a `close` that also makes a `bulk` file durable. */
export interface SqliteFileStore {
  readonly store: Awaited<ReturnType<typeof openSqliteAdapter>>;
  readonly close: () => Promise<void>;
  /** Turns a failure of the store into the CLI's message for a locked file; other errors pass. */
  readonly mapError: (error: unknown) => unknown;
}

/**
 * Opens a SQLite file through `@casefold/sqlite`'s `openSqliteStore`: the store of
 * {@link openSqliteStore}, and the read models paired with an EventStoreDB store.
 *
 * @throws StoreAccessError for a missing file (unless `create`), a locked, too new or foreign database.
 */
export const openSqliteFile = async (options: OpenSqliteStoreOptions): Promise<SqliteFileStore> => {
  const { description, bulk } = options;
  const fileName = resolve(options.cwd, options.fileName);
  if (!options.create && (!existsSync(fileName) || statSync(fileName).size === 0)) throw missing(description);
  let store: Awaited<ReturnType<typeof openSqliteAdapter>>;
  try {
    store = await openSqliteAdapter({ fileName, synchronous: bulk ? 'OFF' : 'FULL', busyTimeoutMs: options.lockTimeoutMs, pageSize: options.pageSize });
  } catch (error) {
    throw openingError(description, error);
  }
  return {
    store,
    mapError: (error) => (isStoreUnavailableError(error) ? lockedError(description, error) : error),
    close: async () => {
      await store.close();
      if (bulk) fsyncFile(fileName);
    },
  };
};

/**
 * Opens a SQLite file as the CLI's store.
 *
 * @throws StoreAccessError for a missing file (unless `create`), a locked, too new or foreign database.
 */
export const openSqliteStore = async (options: OpenSqliteStoreOptions): Promise<OpenedStore> => {
  const { store, mapError, close } = await openSqliteFile(options);
  return {
    description: options.description,
    events: store.events,
    projections: store.projections,
    rowProjections: store.rowProjections,
    lastPosition: () => store.readLastPosition(),
    ...storeSettings(store, mapError),
    close,
  };
};
