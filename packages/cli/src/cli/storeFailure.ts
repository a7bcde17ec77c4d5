import { type StoreUnavailableError, isStoreUnavailableError } from '@casefold/engine';
import { isStoreAccessError } from './cliErrors.js';

/** Why the store failed, in a few words, and what to do about it. */
export interface StoreFailure {
  readonly reason: string;
  readonly hint: string;
  /** `true` for PostgreSQL: an append whose connection broke during its commit may have been stored all the same. */
  readonly server: boolean;
}

const RETRY = 'then run the command again';

/** The driver's code under a {@link StoreUnavailableError}, e.g. `SQLITE_FULL` or a SQLSTATE. */
const causeCode = (error: StoreUnavailableError): string => {
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
};

/**
 * What made the store unavailable, read from the driver's error under it: another process's
 * write lock (SQLite), a full disk, an I/O error, or a PostgreSQL server that went away or did
 * not answer. Only the SQLite write lock is worth `--lock-timeout`.
 */
export const unavailableFailure = (error: StoreUnavailableError): StoreFailure => {
  const code = causeCode(error);
  const detail = error.message.replace(/^The event store is unavailable /, '').replace(/\. Retry later;.*$/s, '');
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return { reason: `the database is locked: another process holds its write lock ${detail}`, hint: `Wait for the other process to finish (or raise --lock-timeout), ${RETRY}`, server: false };
  }
  if (/^SQLITE_FULL/.test(code)) return { reason: `the disk holding the database is full ${detail}`, hint: `Free some disk space, ${RETRY}`, server: false };
  if (/^SQLITE_IOERR/.test(code)) return { reason: `the disk failed to read or write the database ${detail}`, hint: `Check the disk and the file system, ${RETRY}`, server: false };
  if (/^SQLITE_/.test(code)) return { reason: `SQLite could not go on ${detail}`, hint: `Check free memory, disk space and the limit on open files, ${RETRY}`, server: false };
  return { reason: `the PostgreSQL server went away, is restarting or did not answer ${detail}`, hint: `Check that the server runs and accepts connections, ${RETRY}`, server: true };
};

/** {@link StoreFailure} of any error that stopped a write: the unavailable store, or the error's own message. */
export const storeFailureOf = (error: unknown): StoreFailure => {
  if (isStoreUnavailableError(error)) return unavailableFailure(error);
  if (isStoreAccessError(error)) return { reason: error.reason, hint: error.hint.replace(/^Nothing was changed; /, ''), server: false };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { reason: message.replace(/\.$/, ''), hint: 'Fix what the message names', server: false };
};
