import { chmodSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStoreUnavailableError } from '@casefold/engine';
import { getSqliteEventStore, isDatabaseReadOnlyError } from '@casefold/sqlite';
import { storeDatabase } from '../src/eventStore/storeDatabase.js';
import { collect, keys, newEvent, rejectionOf, tempDir } from './support/fixtures.js';
import { startWorker } from './support/workers.js';

const dir = tempDir();
afterAll(() => dir.remove());

describe('a database file this process may only read', () => {
  // Root may write any file whatever its mode, so as root the worker runs as user "nobody"
  // (65534), for whom a root-owned file of mode 0444 is read-only, as it is for its owner
  // when the tests do not run as root. No mount, no capability needed.
  const asOther = process.getuid?.() === 0 ? { uid: 65_534 } : {};
  const area = join(dir.path, 'read-only-file');
  mkdirSync(area);
  chmodSync(dir.path, 0o755);
  chmodSync(area, 0o777);

  it('is refused at open with DatabaseOpenError naming the file and what to do, not at the first append; the file unchanged', async () => {
    const fileName = join(area, 'archive.db');
    const store = getSqliteEventStore({ fileName });
    await store.appendToStream('case-1', [newEvent()]);
    await store.close();
    chmodSync(fileName, 0o444);
    const bytes = readFileSync(fileName);
    const worker = startWorker('openStore', { fileName }, asOther);
    const { code } = await worker.exited;
    expect(code, worker.stderr()).toBe(0);
    const outcome = worker.lines[0] as { name: string; message: string; retryable: unknown };
    expect(outcome).toMatchObject({ name: 'DatabaseOpenError', retryable: false });
    expect(outcome.message).toContain(`Cannot open the database '${fileName}': this process may read it but not write it (EACCES)`);
    expect(outcome.message).toContain('give the process read and write access to the file');
    expect(outcome.message).not.toContain('Retry later');
    expect(readFileSync(fileName).equals(bytes)).toBe(true);
    expect(readdirSync(area)).toEqual(['archive.db']);
  });
});

describe('SQLite refusing a write to a store already open (SQLITE_READONLY)', () => {
  // A connection in `query_only` mode gets the very refusal SQLite gives for a read-only file
  // (SQLITE_READONLY, "attempt to write a readonly database"), from the real driver; set on the
  // store's own connection, it stands for a file that became unwritable after the open.
  it.each([true, false])('groupCommit %s: an append fails with DatabaseReadOnlyError naming the file, not a raw SqliteError nor "retry later"; nothing written', async (groupCommit) => {
    const fileName = dir.file(`query-only-${groupCommit}.db`);
    const store = getSqliteEventStore({ fileName, groupCommit });
    try {
      await store.appendToStream('case-1', [newEvent()]);
      storeDatabase(store).pragma('query_only = 1');
      const error = await rejectionOf(() => store.appendToStream('case-1', [newEvent()]));
      expect(isDatabaseReadOnlyError(error)).toBe(true);
      expect(isStoreUnavailableError(error)).toBe(false);
      expect(error).toMatchObject({ fileName, retryable: false, operation: "append to stream 'case-1'" });
      const { message } = error as Error;
      expect(message).toContain(`Cannot write to the database '${fileName}' (append to stream 'case-1')`);
      expect(message).toContain('SQLITE_READONLY');
      expect(message).toContain('Nothing was written');
      expect(message).toContain('give the process write access');
      expect(message).not.toContain('Retry later');
      storeDatabase(store).pragma('query_only = 0');
      expect(keys(await collect(store.readAll()))).toEqual(['case-1@0']);
    } finally {
      await store.close();
    }
  });
});
