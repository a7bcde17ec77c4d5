import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseReplacedError } from './sqliteErrors.js';
import type { ReplacedFile } from './sqliteErrors.js';

/** Which file is at a path: device and inode, as `stat` gives them. */
interface Identity {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
}

const identityAt = (path: string): Identity | null => {
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats === undefined ? null : { path, dev: stats.dev, ino: stats.ino };
};

/** How the file at `identity.path` changed, or `null` if it is still the same file. */
const changeOf = (identity: Identity): ReplacedFile | null => {
  const now = statSync(identity.path, { throwIfNoEntry: false });
  if (now === undefined) return { path: identity.path, change: 'deleted' };
  return now.ino === identity.ino && now.dev === identity.dev ? null : { path: identity.path, change: 'replaced' };
};

/**
 * Notes which files are at `fileName` and `fileName-wal` now (call it right after opening,
 * when SQLite holds both open), and returns a check that throws a
 * {@link DatabaseReplacedError} once either of them was deleted or replaced (another inode at
 * the path), and from then on at every call. SQLite keeps both files open, so their inodes
 * cannot be reused by another file while the store is open: a changed inode is a changed file.
 * Costs one `stat` per file and call.
 */
export const fileIdentityCheck = (fileName: string): (() => void) => {
  const absolute = resolve(fileName);
  const watched = [identityAt(absolute), identityAt(`${absolute}-wal`)].filter((identity) => identity !== null);
  let found: ReplacedFile | null = null;
  return () => {
    for (let i = 0; found === null && i < watched.length; i++) found = changeOf(watched[i]!);
    if (found !== null) throw new DatabaseReplacedError(fileName, found);
  };
};
