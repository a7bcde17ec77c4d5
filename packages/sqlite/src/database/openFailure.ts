import { statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseOpenError, toStoreError } from './sqliteErrors.js';

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

/** Finds out from the file system why `fileName` cannot be opened; `driverMessage` is the fallback. */
const diagnose = (fileName: string, driverMessage: string): Diagnosis => {
  const directory = dirname(resolve(fileName));
  const parent = statOf(directory);
  if (typeof parent === 'string' || !parent.isDirectory()) {
    return { reason: `the directory '${directory}' does not exist`, advice: 'create the directory first, or fix the path' };
  }
  return { reason: `SQLite could not open it (${driverMessage})`, advice: 'check the path and its permissions' };
};

/** better-sqlite3's refusal, before SQLite is asked, of a file whose directory is missing. */
const isMissingDirectory = (e: unknown): e is TypeError => e instanceof TypeError && /directory does not exist/.test(e.message);

/**
 * Maps a failure while opening `fileName` to the error the caller gets: a path that cannot be
 * opened becomes a {@link DatabaseOpenError} saying why and what to do; anything else goes
 * through `toStoreError`.
 */
export const openFailure = (fileName: string, e: unknown): unknown => {
  if (isMissingDirectory(e)) {
    const { reason, advice } = diagnose(fileName, e.message);
    return new DatabaseOpenError(fileName, reason, advice, { cause: e });
  }
  return toStoreError(e, `open '${fileName}'`);
};
