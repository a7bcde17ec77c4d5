import { closeSync, existsSync, fsyncSync, openSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { type EventStore, type Json, type ProjectionStore, isStoreUnavailableError } from '@casefold/engine';
import { getSqliteEventStore, isIncompatibleDatabaseError, isSchemaTooNewError, openDatabase } from '@casefold/sqlite';
import { StoreAccessError } from '../cli/cliErrors.js';
import { type StoreLocation, describeLocation } from './storeLocation.js';

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Directory a relative file name is resolved against. */
  readonly cwd: string;
  /** Create the database if it does not exist (demo, import). Otherwise a missing file is an error. */
  readonly create?: boolean;
  /**
   * `bulk`: a command that writes many events at once (demo, import) skips the per-commit
   * sync and makes the whole file durable once, when it is closed. Default `durable`:
   * every commit is on disk before it returns (SQLite `synchronous = FULL`).
   */
  readonly durability?: 'durable' | 'bulk';
  /** How long to wait for another process's write lock, in ms. Default 5,000. */
  readonly lockTimeoutMs?: number;
  /** Rows per read page. Default 10,000 (see {@link DEFAULT_PAGE_SIZE}). */
  readonly pageSize?: number;
}

/** An open store, whatever its kind: the event-store port, the read-model store, and a few extras. */
export interface OpenedStore {
  /** The location for messages. */
  readonly description: string;
  readonly events: EventStore;
  readonly projections: ProjectionStore;
  /** Position of the last event in the store (`0n` when empty). */
  readonly lastPosition: () => Promise<bigint>;
  /** Reads a small JSON setting kept beside the events (e.g. the jurisdiction directory); `null` if absent. */
  readonly readSetting: (name: string) => Promise<Json | null>;
  /** Writes such a setting. */
  readonly writeSetting: (name: string, value: Json) => Promise<void>;
  /** Closes the store; after a `bulk` open, also makes the file durable. */
  readonly close: () => Promise<void>;
}

/**
 * Rows per read page: larger than the store's default, because the projection runner
 * commits its (large) read model whenever a page ends, so fewer pages mean fewer commits
 * in a replay. About 10 MB of rows in memory at a time.
 */
export const DEFAULT_PAGE_SIZE = 10_000;

/** Settings are kept as records of the projection store under this prefix (see docs/cli.md). */
const SETTING_PREFIX = 'casefold-cli.setting.';

const missing = (location: string): StoreAccessError =>
  new StoreAccessError(location, 'there is no database there', 'Create one with `casefold demo --db FILE` or `casefold import FILE --db FILE`, or point --db at an existing file.');

/** Turns an opening failure into a {@link StoreAccessError} that says what to do. */
const openingError = (location: string, error: unknown): unknown => {
  if (isSchemaTooNewError(error)) {
    return new StoreAccessError(location, `it was written by a newer casefold (schema version ${error.fileVersion}; this one knows up to ${error.knownVersion})`, 'The file was left untouched; upgrade casefold to open it.', { cause: error });
  }
  if (isIncompatibleDatabaseError(error)) return new StoreAccessError(location, error.reason, 'Nothing was changed; point --db at a casefold database or a new file.', { cause: error });
  if (isStoreUnavailableError(error)) return lockedError(location, error);
  return error;
};

/** The error for a database another process keeps locked. */
export const lockedError = (location: string, cause: unknown): StoreAccessError =>
  new StoreAccessError(location, 'the database is locked or busy (another process is writing to it)', 'Nothing was changed; wait for the other process to finish (or raise --lock-timeout) and run the command again.', { cause });

/** Flushes a file to disk. */
const fsyncFile = (fileName: string): void => {
  const fd = openSync(fileName, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/**
 * Opens the store at a location: the seam where further kinds of store plug in. Today a
 * SQLite file (through `@casefold/sqlite`); a `postgres://` URL is recognised and refused
 * with a clear message until `@casefold/postgres` is wired in here.
 *
 * @throws StoreAccessError for a missing file (unless `create`), a locked, too new or
 *   foreign database, or an unsupported kind of store.
 */
export const openStore = async (location: StoreLocation, options: OpenStoreOptions): Promise<OpenedStore> => {
  const description = describeLocation(location);
  if (location.kind === 'postgres') {
    throw new StoreAccessError(description, 'PostgreSQL stores are not available in the casefold CLI yet', 'Use a SQLite file (--db FILE); the library package @casefold/postgres works today.');
  }
  const fileName = resolve(options.cwd, location.fileName);
  if (options.create !== true && (!existsSync(fileName) || statSync(fileName).size === 0)) throw missing(description);
  const bulk = options.durability === 'bulk';
  let store: ReturnType<typeof getSqliteEventStore>;
  try {
    store = getSqliteEventStore({
      fileName,
      synchronous: bulk ? 'OFF' : 'FULL',
      busyTimeoutMs: options.lockTimeoutMs ?? 5_000,
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    });
  } catch (error) {
    throw openingError(description, error);
  }
  // A second, read-only connection answers the questions the port has no method for.
  const reader = openDatabase({ fileName, busyTimeoutMs: options.lockTimeoutMs ?? 5_000 });
  const lastPositionQuery = reader.prepare<[], bigint | null>('SELECT max(position) FROM events').pluck().safeIntegers(true);
  const wrapLock = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw isStoreUnavailableError(error) ? lockedError(description, error) : error;
    }
  };
  return {
    description,
    events: store,
    projections: store.projections,
    lastPosition: async () => lastPositionQuery.get() ?? 0n,
    readSetting: async (name) => (await wrapLock(() => store.projections.load(SETTING_PREFIX + name)))?.state ?? null,
    writeSetting: async (name, value) => {
      const key = SETTING_PREFIX + name;
      await wrapLock(async () => {
        const existing = await store.projections.load(key);
        await store.projections.commit({ name: key, version: 1, position: 0n, state: value }, existing?.position ?? null);
      });
    },
    close: async () => {
      reader.close();
      await store.close();
      if (bulk) fsyncFile(fileName);
    },
  };
};
