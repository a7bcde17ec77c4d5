import { accessSync, constants, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DatabaseOpenError, IncompatibleDatabaseError } from '@casefold/engine';
import { sqliteCodeOf, toStoreError } from './sqliteErrors.js';

/** What to do about a file that is not a casefold database. */
export const INCOMPATIBLE_ADVICE = 'use a new file or the right one';

/** What a path's trouble is and what to do about it, as {@link DatabaseOpenError} says it. */
interface Diagnosis {
  readonly reason: string;
  readonly advice: string;
}

/** The file system's answer for a path: its stats, or the error code (`ENOENT`, `EACCES`…). */
const statOf = (path: string): Stats | string => {
  try {
    return statSync(path);
  } catch (e) {
    return String((e as NodeJS.ErrnoException).code ?? e);
  }
};

/** Why this process may not use `path` as `mode` asks (`EACCES`, `EROFS`…), or `null` if it may. */
const deniedAccess = (path: string, mode: number): string | null => {
  try {
    accessSync(path, mode);
    return null;
  } catch (e) {
    return String((e as NodeJS.ErrnoException).code ?? e);
  }
};

const fixAccess = 'check the path and give the process read and write access to the file and write access to its directory';

/** Finds out from the file system why `fileName` cannot be opened; `driverMessage` is the fallback. */
const diagnose = (fileName: string, driverMessage: string): Diagnosis => {
  const directory = dirname(resolve(fileName));
  const parent = statOf(directory);
  if (typeof parent === 'string') {
    return { reason: `the directory '${directory}' does not exist`, advice: 'create the directory first, or fix the path' };
  }
  if (!parent.isDirectory()) return { reason: `'${directory}' is not a directory`, advice: 'fix the path' };
  const file = statOf(fileName);
  if (typeof file !== 'string' && file.isDirectory()) {
    return { reason: 'it is a directory, not a database file', advice: `give the path of a file, e.g. '${join(fileName, 'casefold.db')}'` };
  }
  const fileDenied = typeof file === 'string' ? null : deniedAccess(fileName, constants.R_OK | constants.W_OK);
  if (fileDenied !== null) return { reason: `this process may not read and write it (${fileDenied})`, advice: fixAccess };
  const directoryDenied = deniedAccess(directory, constants.W_OK | constants.X_OK);
  if (directoryDenied !== null) {
    const beside = typeof file === 'string' ? '' : ", and SQLite keeps its '-wal' and '-shm' files beside the database";
    return { reason: `this process may not create files in '${directory}' (${directoryDenied})${beside}`, advice: fixAccess };
  }
  return { reason: `SQLite could not open it (${driverMessage})`, advice: 'check the path and its permissions' };
};

/**
 * A {@link DatabaseOpenError} when `fileName` exists and this process may read it but not
 * write it (its permissions, a read-only mount, an immutable file), else `null`. SQLite
 * would open such a file read-only without a word and refuse only the first write.
 */
export const readOnlyFileFailure = (fileName: string): DatabaseOpenError | null => {
  const denied = deniedAccess(fileName, constants.W_OK);
  if (denied === null || denied === 'ENOENT' || deniedAccess(fileName, constants.R_OK) !== null) return null;
  return new DatabaseOpenError(fileName, `this process may read it but not write it (${denied})`, fixAccess);
};

/** better-sqlite3's refusal, before SQLite is asked, of a file whose directory is missing. */
const isMissingDirectory = (e: unknown): e is TypeError => e instanceof TypeError && /directory does not exist/.test(e.message);

/**
 * SQLite codes that, while opening, mean the path itself is unusable: it cannot be opened
 * (a directory, no permission), or written (a read-only file, or no room for '-wal' and
 * '-shm' beside it). Waiting does not change that, so they are not transient here.
 */
const UNUSABLE_PATH_CODES = /^SQLITE_(CANTOPEN|READONLY|PERM|AUTH)/;

/**
 * Maps a failure while opening `fileName` to the error the caller gets: a path that cannot be
 * opened becomes a {@link DatabaseOpenError} saying why and what to do (not retryable), a file
 * that is not SQLite an {@link IncompatibleDatabaseError}; anything else (a lock held past
 * the busy timeout…) goes through `toStoreError`.
 */
export const openFailure = (fileName: string, e: unknown): unknown => {
  const code = sqliteCodeOf(e);
  if (isMissingDirectory(e) || (code !== undefined && UNUSABLE_PATH_CODES.test(code))) {
    const { reason, advice } = diagnose(fileName, (e as Error).message);
    return new DatabaseOpenError(fileName, reason, advice, { cause: e });
  }
  if (code === 'SQLITE_NOTADB') {
    const reason = 'the file is not a SQLite database (if it held a casefold store, its first page is damaged: restore the file from a backup)';
    return new IncompatibleDatabaseError(fileName, reason, INCOMPATIBLE_ADVICE, { cause: e });
  }
  return toStoreError(e, `open '${fileName}'`, fileName);
};
