import { isDatabaseOpenError } from '@casefold/engine';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isStoreUnavailableError } from '@casefold/engine';
import { getSqliteEventStore, openDatabase } from '@casefold/sqlite';
import { failureOf, tempDir } from './support/fixtures.js';
import { startWorker } from './support/workers.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe.each([
  ['getSqliteEventStore', (fileName: string): unknown => getSqliteEventStore({ fileName })],
  ['openDatabase', (fileName: string): unknown => openDatabase({ fileName })],
])('%s on a path that cannot be opened', (opener, open) => {
  it('a missing directory: DatabaseOpenError naming the file, the directory and what to do; not retryable; nothing created', () => {
    const missing = join(dir.path, `no-${opener}`, 'such', 'dir');
    const fileName = join(missing, 'cases.db');
    const error = failureOf(() => open(fileName));
    expect(isDatabaseOpenError(error)).toBe(true);
    expect(isStoreUnavailableError(error)).toBe(false);
    expect(error).toMatchObject({ target: fileName, retryable: false });
    const { message } = error as Error;
    expect(message).toContain(`'${fileName}'`);
    expect(message).toContain(`the directory '${missing}' does not exist`);
    expect(message).toContain('create the directory');
    expect(message).toContain('retrying will not help');
    expect(existsSync(join(dir.path, `no-${opener}`))).toBe(false);
  });

  it('a directory: DatabaseOpenError (not the retryable StoreUnavailableError), saying to name a file in it; nothing created', () => {
    const fileName = join(dir.path, `directory-${opener}`);
    mkdirSync(fileName);
    const error = failureOf(() => open(fileName));
    expect(isDatabaseOpenError(error)).toBe(true);
    expect(isStoreUnavailableError(error)).toBe(false);
    expect(error).toMatchObject({ target: fileName, retryable: false });
    const { message } = error as Error;
    expect(message).toContain(`'${fileName}': it is a directory, not a database file`);
    expect(message).toContain(`give the path of a file, e.g. '${join(fileName, 'casefold.db')}'`);
    expect(message).toContain('retrying will not help');
    expect(readdirSync(fileName)).toEqual([]);
  });
});

describe('a path this process may not use', () => {
  // Root may open anything, so as root the worker runs as user "nobody" (65534); otherwise as us.
  const asOther = process.getuid?.() === 0 ? { uid: 65_534 } : {};
  const area = join(dir.path, 'permissions');
  mkdirSync(area);
  chmodSync(dir.path, 0o755);
  chmodSync(area, 0o777);
  afterAll(() => chmodSync(area, 0o777));

  const openInWorker = async (fileName: string): Promise<{ name: string; message: string; retryable: unknown }> => {
    const worker = startWorker('openStore', { fileName }, asOther);
    const { code } = await worker.exited;
    expect(code, worker.stderr()).toBe(0);
    return worker.lines[0] as { name: string; message: string; retryable: unknown };
  };

  it('a file without read and write permission: DatabaseOpenError, not retryable, the file untouched', async () => {
    const fileName = join(area, 'locked-away.db');
    writeFileSync(fileName, 'not for you');
    chmodSync(fileName, 0o000);
    try {
      const outcome = await openInWorker(fileName);
      expect(outcome).toMatchObject({ name: 'DatabaseOpenError', retryable: false });
      expect(outcome.message).toContain(`Cannot open the database '${fileName}': this process may not read and write it (EACCES)`);
      expect(outcome.message).toContain('check the path and give the process read and write access');
      expect(outcome.message).not.toContain('Retry later');
    } finally {
      chmodSync(fileName, 0o644);
    }
    expect(readFileSync(fileName, 'utf8')).toBe('not for you');
    expect(readdirSync(area)).toEqual(['locked-away.db']);
  });

  it('a new file in a read-only directory: DatabaseOpenError, not retryable, nothing created', async () => {
    const readOnly = join(area, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    try {
      const fileName = join(readOnly, 'cases.db');
      const outcome = await openInWorker(fileName);
      expect(outcome).toMatchObject({ name: 'DatabaseOpenError', retryable: false });
      expect(outcome.message).toContain(`this process may not create files in '${readOnly}' (EACCES)`);
      expect(readdirSync(readOnly)).toEqual([]);
    } finally {
      chmodSync(readOnly, 0o755);
    }
  });

  it("a database in a directory where SQLite cannot create its '-wal' and '-shm' files: DatabaseOpenError, file unchanged", async () => {
    const readOnly = join(area, 'no-wal');
    mkdirSync(readOnly);
    const fileName = join(readOnly, 'cases.db');
    await getSqliteEventStore({ fileName }).close();
    chmodSync(fileName, 0o666);
    chmodSync(readOnly, 0o555);
    const bytes = readFileSync(fileName);
    try {
      const outcome = await openInWorker(fileName);
      expect(outcome).toMatchObject({ name: 'DatabaseOpenError', retryable: false });
      expect(outcome.message).toContain(`this process may not create files in '${readOnly}'`);
      expect(outcome.message).toContain("SQLite keeps its '-wal' and '-shm' files beside the database");
    } finally {
      chmodSync(readOnly, 0o755);
    }
    expect(readFileSync(fileName).equals(bytes)).toBe(true);
    expect(readdirSync(readOnly)).toEqual(['cases.db']);
  });
});

describe('a database locked by another process', () => {
  it('stays StoreUnavailableError (retryable): waiting for the lock may succeed', () => {
    const fileName = dir.file('held.db');
    const holder = new BetterSqlite3(fileName);
    holder.exec('CREATE TABLE other (x INTEGER)');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const error = failureOf(() => openDatabase({ fileName, busyTimeoutMs: 50 }));
      expect(isStoreUnavailableError(error)).toBe(true);
      expect(error).toMatchObject({ retryable: true });
      expect(isDatabaseOpenError(error)).toBe(false);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});
