import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAll, verifyStream } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import { newEvent, tempDir } from './support/fixtures.js';

const dir = tempDir();
const fileName = dir.file('tampered.db');
let store: SqliteEventStore;
let raw: BetterSqlite3.Database;
const STREAMS = 4;
const PER_STREAM = 5;

beforeAll(async () => {
  store = getSqliteEventStore({ fileName });
  for (let round = 0; round < PER_STREAM; round++) {
    for (let s = 0; s < STREAMS; s++) {
      await store.appendToStream(`case-${s}`, [newEvent('Mediated', { amountFen: 15_000_000 + round, terms: `pay in ${round + 2} instalments` })]);
    }
  }
  raw = new BetterSqlite3(fileName);
});

afterAll(async () => {
  raw.close();
  await store.close();
  dir.remove();
});

const COLUMNS = ['data', 'metadata', 'type', 'event_id', 'prev_hash', 'hash'] as const;

describe('one byte changed behind the store', () => {
  it('makes verifyAll name that stream and revision, for any event, column and byte (1,000 runs)', async () => {
    expect(E.isRight(await verifyAll(store))).toBe(true);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: STREAMS - 1 }),
        fc.integer({ min: 0, max: PER_STREAM - 1 }),
        fc.constantFrom(...COLUMNS),
        fc.nat(),
        fc.integer({ min: 0x21, max: 0x7e }),
        async (stream, revision, column, offsetSeed, byte) => {
          const streamId = `case-${stream}`;
          const select = raw.prepare(`SELECT ${column} FROM events WHERE stream_id = ? AND revision = ?`).pluck();
          const update = raw.prepare(`UPDATE events SET ${column} = ? WHERE stream_id = ? AND revision = ?`);
          const original = select.get(streamId, revision) as string;
          const offset = offsetSeed % original.length;
          const replacement = String.fromCharCode(byte === original.charCodeAt(offset) ? (byte === 0x7e ? 0x21 : byte + 1) : byte);
          update.run(original.slice(0, offset) + replacement + original.slice(offset + 1), streamId, revision);
          try {
            const result = await verifyAll(store);
            expect(E.isLeft(result) && result.left).toMatchObject({ streamId, revision: BigInt(revision) });
            const single = await verifyStream(store, streamId);
            expect(E.isLeft(single) && single.left).toMatchObject({ streamId, revision: BigInt(revision) });
          } finally {
            update.run(original, streamId, revision);
          }
        },
      ),
      { numRuns: 1000 },
    );
    expect(E.isRight(await verifyAll(store))).toBe(true);
  });
});

describe('stored text that is not canonical but means the same (as an older writer or a reformatting tool leaves it)', () => {
  it('still verifies: verifyAll and verifyStream parse such text and hash its canonical form', async () => {
    const select = raw.prepare<[string, number], [string, string]>('SELECT data, metadata FROM events WHERE stream_id = ? AND revision = ?').raw(true);
    const update = raw.prepare('UPDATE events SET data = ?, metadata = ? WHERE stream_id = ? AND revision = ?');
    const [data, metadata] = select.get('case-2', 3)!;
    const reordered = (text: string): string => {
      const value = JSON.parse(text) as Record<string, unknown>;
      return JSON.stringify(Object.fromEntries(Object.entries(value).reverse()), null, 2);
    };
    update.run(reordered(data), reordered(metadata), 'case-2', 3);
    try {
      expect(select.get('case-2', 3)![0]).not.toBe(data);
      expect(E.isRight(await verifyAll(store))).toBe(true);
      expect(E.isRight(await verifyStream(store, 'case-2'))).toBe(true);
      // Changed in meaning as well as in form: named.
      update.run(reordered(data).replace('instalments', 'instalment'), reordered(metadata), 'case-2', 3);
      const result = await verifyAll(store);
      expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'changed', streamId: 'case-2', revision: 3n });
    } finally {
      update.run(data, metadata, 'case-2', 3);
    }
  });
});
