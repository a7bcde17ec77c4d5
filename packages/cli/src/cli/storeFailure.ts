import { type StoreUnavailableError, isStoreUnavailableError } from '@casefold/engine';
import type { CliMessages } from '../i18n/cliMessages.js';
import { en } from '../i18n/en.js';
import { isStoreAccessError } from './cliErrors.js';

/** Why the store failed, in a few words, and what to do about it. */
export interface StoreFailure {
  readonly reason: string;
  readonly hint: string;
  /** `true` for PostgreSQL: an append whose connection broke during its commit may have been stored all the same. */
  readonly server: boolean;
}

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
export const unavailableFailure = (error: StoreUnavailableError, messages: CliMessages = en): StoreFailure => {
  const code = causeCode(error);
  const detail = error.message.replace(/^The event store is unavailable /, '').replace(/\. Retry later;.*$/s, '');
  const m = messages.store;
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return { reason: m.lockHeld(detail), hint: m.lockHeldHint, server: false };
  if (/^SQLITE_FULL/.test(code)) return { reason: m.diskFull(detail), hint: m.diskFullHint, server: false };
  if (/^SQLITE_IOERR/.test(code)) return { reason: m.diskFailed(detail), hint: m.diskFailedHint, server: false };
  if (/^SQLITE_/.test(code)) return { reason: m.sqliteFailed(detail), hint: m.sqliteFailedHint, server: false };
  return { reason: m.serverGone(detail), hint: m.serverGoneHint, server: true };
};

/** {@link StoreFailure} of any error that stopped a write, in the catalogue's language: the unavailable store, or the error's own message. */
export const storeFailureOf = (error: unknown, messages: CliMessages = en): StoreFailure => {
  if (isStoreUnavailableError(error)) return unavailableFailure(error, messages);
  if (isStoreAccessError(error)) return { reason: error.reason, hint: error.hint.replace(/^Nothing was changed; /, ''), server: false };
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { reason: message.replace(/\.$/, ''), hint: messages.output.fixWhatItNames, server: false };
};
