import { existsSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { isStoreUnavailableError } from '@casefold/engine';
import type { AppendResult } from '@casefold/engine';
import { getSqliteEventStore, isDatabaseReplacedError } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import { newEvent, rejectionOf, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** Event ids in the file at `fileName`, read by a connection of its own. */
const eventIdsIn = (fileName: string): string[] => {
  const db = new BetterSqlite3(fileName, { readonly: true });
  try {
    return db.prepare<[], string>('SELECT event_id FROM events ORDER BY position').pluck().all();
  } finally {
    db.close();
  }
};

/** Appends `count` events to 'case-1' one by one; the ids of those acknowledged. */
const appendSome = async (store: SqliteEventStore, count: number): Promise<string[]> => {
  const acknowledged: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = newEvent();
    const result: AppendResult = await store.appendToStream('case-1', [event]);
    expect(result.events[0]!.eventId).toBe(event.eventId);
    acknowledged.push(event.eventId);
  }
  return acknowledged;
};

const expectReplacedError = (error: unknown, fileName: string, what: string): void => {
  expect(isDatabaseReplacedError(error), String(error)).toBe(true);
  expect(isStoreUnavailableError(error)).toBe(false);
  expect(error).toMatchObject({ name: 'DatabaseReplacedError', fileName, retryable: false });
  const { message } = error as Error;
  expect(message).toContain(what);
  expect(message).toContain('since this store opened it');
  expect(message).toContain('so this store writes nothing more: this write failed, and so will every later one');
  expect(message).toContain('open the store again');
};

describe.each([true, false])('a database file deleted or replaced under an open store (groupCommit %s)', (groupCommit) => {
  it('the file deleted: the next append fails with DatabaseReplacedError, and so does every later one; nothing reappears at the path', async () => {
    const fileName = dir.file(`deleted-${groupCommit}.db`);
    const store = getSqliteEventStore({ fileName, groupCommit });
    try {
      await appendSome(store, 3);
      unlinkSync(fileName);
      expectReplacedError(await rejectionOf(() => store.appendToStream('case-1', [newEvent()])), fileName, `The database file '${fileName}' was deleted`);
      expectReplacedError(await rejectionOf(() => store.appendToStream('case-2', [newEvent()])), fileName, 'was deleted');
    } finally {
      await store.close();
    }
    expect(existsSync(fileName)).toBe(false);
  });

  it('the file replaced by another (a restore renamed over it): appends fail with DatabaseReplacedError; the new file is left exactly as it was', async () => {
    const fileName = dir.file(`replaced-${groupCommit}.db`);
    const backup = dir.file(`backup-${groupCommit}.db`);
    const store = getSqliteEventStore({ fileName, groupCommit });
    try {
      const before = await appendSome(store, 2);
      // A backup of the store as it is now, put in place by rename (as a restore or a copy tool does).
      const copier = new BetterSqlite3(fileName, { readonly: true });
      await copier.backup(backup);
      copier.close();
      await appendSome(store, 2);
      renameSync(backup, fileName);
      const replacement = readFileSync(fileName);
      const wal = readFileSync(`${fileName}-wal`);
      expectReplacedError(await rejectionOf(() => store.appendToStream('case-1', [newEvent()])), fileName, `The database file '${fileName}' was replaced by another file`);
      await store.close();
      // Nothing was written after the replacement: not into it, nor into the '-wal' beside it
      // (still the old store's: SQLite leaves it when the file has moved, see docs/sqlite.md).
      expect(readFileSync(fileName).equals(replacement)).toBe(true);
      expect(readFileSync(`${fileName}-wal`).equals(wal)).toBe(true);
      unlinkSync(`${fileName}-wal`);
      expect(eventIdsIn(fileName)).toEqual(before);
    } finally {
      await store.close();
    }
  });

  it("the '-wal' file deleted: appends fail with DatabaseReplacedError; every acknowledged append is in the database after close", async () => {
    const fileName = dir.file(`wal-deleted-${groupCommit}.db`);
    const store = getSqliteEventStore({ fileName, groupCommit });
    let acknowledged: string[];
    try {
      acknowledged = await appendSome(store, 5);
      unlinkSync(`${fileName}-wal`);
      expectReplacedError(await rejectionOf(() => store.appendToStream('case-1', [newEvent()])), fileName, `The database file '${fileName}-wal' was deleted`);
    } finally {
      await store.close();
    }
    expect(eventIdsIn(fileName)).toEqual(acknowledged);
  });
});

it('appends in flight in one group when the file is deleted all fail with DatabaseReplacedError; none is acknowledged', async () => {
  const fileName = dir.file('group-deleted.db');
  const store = getSqliteEventStore({ fileName });
  try {
    await appendSome(store, 1);
    const group = Array.from({ length: 8 }, (_, i) => store.appendToStream(`case-${i}`, [newEvent()]));
    unlinkSync(fileName);
    const outcomes = await Promise.allSettled(group);
    for (const outcome of outcomes) {
      expect(outcome.status).toBe('rejected');
      expectReplacedError((outcome as PromiseRejectedResult).reason, fileName, 'was deleted');
    }
  } finally {
    await store.close();
  }
});
