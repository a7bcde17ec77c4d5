import { isIncompatibleDatabaseError } from '@casefold/engine';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { isStoreUnavailableError, verifyAll } from '@casefold/engine';
import type { RecordedEvent } from '@casefold/engine';
import { getSqliteEventStore, isDatabaseCorruptError } from '@casefold/sqlite';
import { collect, failureOf, newEvent, rejectionOf, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** SQLite's default page size, which the store keeps. */
const PAGE = 4096;

/** A marker in an event's data that is found as-is in the file's bytes: `row-00042`. */
const marker = (n: number): string => `row-${String(n).padStart(5, '0')}`;

/**
 * A closed store file (its WAL folded back into it) with stream 'case-a' at positions 1–200
 * and stream 'case-b' at 201–400, each event's data `{ marker: 'row-NNNNN' }` (its position).
 */
const storeFile = async (name: string): Promise<string> => {
  const fileName = dir.file(name);
  const store = getSqliteEventStore({ fileName });
  for (const [streamId, first] of [
    ['case-a', 1],
    ['case-b', 201],
  ] as const) {
    for (let n = first; n < first + 200; n += 20) {
      await store.appendToStream(
        streamId,
        Array.from({ length: 20 }, (_, i) => newEvent('Submitted', { marker: marker(n + i) })),
      );
    }
  }
  await store.close();
  return fileName;
};

/** Overwrites `length` bytes at `offset` with garbage (0xA5), as a failing disk or a stray write would. */
const overwrite = (fileName: string, offset: number, length: number): void => {
  const fd = openSync(fileName, 'r+');
  try {
    writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, offset);
  } finally {
    closeSync(fd);
  }
};

/** The 1-based page of the file holding the bytes of `text`. */
const pageHolding = (fileName: string, text: string): number => {
  const offset = readFileSync(fileName).indexOf(text);
  expect(offset, `'${text}' in the file`).toBeGreaterThan(0);
  return Math.floor(offset / PAGE) + 1;
};

/** Every event `iterable` hands out before it rejects, and the rejection. */
const readUntilFailure = async (iterable: AsyncIterable<RecordedEvent>): Promise<{ events: RecordedEvent[]; error: unknown }> => {
  const events: RecordedEvent[] = [];
  try {
    for await (const event of iterable) events.push(event);
  } catch (error) {
    return { events, error };
  }
  throw new Error(`expected the read to fail, but it ended after ${events.length} events`);
};

const expectCorruptError = (error: unknown, fileName: string, operation: string): void => {
  expect(isDatabaseCorruptError(error), String(error)).toBe(true);
  expect(isStoreUnavailableError(error)).toBe(false);
  expect(error).toMatchObject({ name: 'DatabaseCorruptError', fileName, operation, retryable: false });
  const { message } = error as Error;
  expect(message).toContain(`The database '${fileName}' is damaged (${operation}`);
  expect(message).toContain('SQLITE_CORRUPT');
  expect(message).toContain('restore the file from a backup');
  expect(message).not.toContain('Retry later');
};

describe('a database file damaged on disk', () => {
  it('a garbage page of events: readAll hands out every event before it, then DatabaseCorruptError; other streams read; verifyAll fails typed', async () => {
    const fileName = await storeFile('damaged-events.db');
    const page = pageHolding(fileName, `"${marker(100)}"`);
    overwrite(fileName, (page - 1) * PAGE, PAGE);

    const store = getSqliteEventStore({ fileName });
    try {
      const { events, error } = await readUntilFailure(store.readAll());
      expectCorruptError(error, fileName, 'read all');
      // Everything before the damaged page, in order, intact: the page of 1,000 rows the read
      // asked for failed, and the rows before the damage were still fetched one by one.
      expect(events.length).toBeGreaterThan(80);
      expect(events.length).toBeLessThan(100);
      expect(events.map((e) => e.data)).toEqual(events.map((_, i) => ({ marker: marker(i + 1) })));

      const other = await collect(store.readStream('case-b'));
      expect(other.map((e) => e.data)).toEqual(other.map((_, i) => ({ marker: marker(201 + i) })));
      expect(other).toHaveLength(200);

      expectCorruptError(await rejectionOf(() => verifyAll(store)), fileName, 'read all');
    } finally {
      await store.close();
    }
  });

  it("the schema's page garbled behind its header: opening fails with DatabaseCorruptError naming the file, not a raw SqliteError", async () => {
    const fileName = await storeFile('damaged-schema.db');
    overwrite(fileName, 100, PAGE - 100);
    const bytes = readFileSync(fileName);
    const error = failureOf(() => getSqliteEventStore({ fileName }));
    expectCorruptError(error, fileName, `open '${fileName}'`);
    expect(readFileSync(fileName).equals(bytes)).toBe(true);
  });

  it('the header garbled: IncompatibleDatabaseError that also says a damaged casefold file is restored from a backup', async () => {
    const fileName = await storeFile('damaged-header.db');
    overwrite(fileName, 0, 100);
    const error = failureOf(() => getSqliteEventStore({ fileName }));
    expect(isIncompatibleDatabaseError(error)).toBe(true);
    expect((error as Error).message).toContain(`Cannot use '${fileName}' as a casefold event store: the file is not a SQLite database`);
    expect((error as Error).message).toContain('if it held a casefold store, its first page is damaged: restore the file from a backup');
  });
});
