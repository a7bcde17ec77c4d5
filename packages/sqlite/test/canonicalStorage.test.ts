import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, eventHashOfJson, isInvalidAppendError, verifyAll } from '@casefold/engine';
import { chainEvents } from '@casefold/engine/adapter';
import type { Json, NewEvent } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import { storeDatabase } from '../src/eventStore/storeDatabase.js';
import { collect, newEvent, rejectionOf, tempDir } from './support/fixtures.js';

/** What JSON makes of a value (-0 is 0). */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

type StoredRow = [data: string, metadata: string, streamId: string, revision: bigint, eventId: string, type: string, prevHash: string, hash: string];

describe('stored events, for all JSON data and metadata', () => {
  let store: SqliteEventStore;
  beforeAll(() => {
    store = getSqliteEventStore({ fileName: ':memory:' });
  });
  afterAll(() => store.close());

  it('are stored as the canonical JSON their hash covers, read back equal and verify (1,000 runs)', async () => {
    const json = fc.jsonValue({ stringUnit: 'grapheme', maxDepth: 3 });
    const select = storeDatabase(store)
      .prepare<[bigint], StoredRow>('SELECT data, metadata, stream_id, revision, event_id, type, prev_hash, hash FROM events WHERE position = ?')
      .raw(true)
      .safeIntegers(true);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(json, fc.dictionary(fc.string({ unit: 'grapheme' }), json, { maxKeys: 4 }), async (data, extra) => {
        const event = newEvent('Noted', data as Json, extra as Record<string, Json>);
        const streamId = `s${(runs += 1) % 7}`;
        const { events } = await store.appendToStream(streamId, [event]);
        const appended = events[0]!;
        const [dataText, metadataText, ...hashed] = select.get(appended.position)!;
        expect(dataText).toBe(canonicalJson(event.data));
        expect(metadataText).toBe(canonicalJson(event.metadata));
        const [rowStream, revision, eventId, type, prevHash, hash] = hashed;
        expect(hash).toBe(appended.hash);
        expect(eventHashOfJson(prevHash, { streamId: rowStream, revision, eventId, type, dataJson: dataText, metadataJson: metadataText })).toBe(hash);
        const read = await collect(store.readStream(streamId, { direction: 'backwards', maxCount: 1 }));
        expect(read).toEqual([{ ...appended, data: asJson(event.data), metadata: asJson(event.metadata) }]);
      }),
      { numRuns: 1000 },
    );
    expect(E.isRight(await verifyAll(store))).toBe(true);
  });
});

describe('values that would not read back as appended', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic['self'] = cyclic;
  it.each<[string, NewEvent, RegExp]>([
    ['a bigint deep in data', newEvent('Noted', { terms: [{ amount: 5n }] } as never), /event 0 \(.+\) holds a bigint at data\.terms\[0\]\.amount/],
    ['a Date in metadata', newEvent('Noted', {}, { at: new Date(0) as never }), /event 0 \(.+\) holds a Date at metadata\.at/],
    ['a cycle in data', newEvent('Noted', cyclic as never), /event 0 \(.+\) holds a reference to an enclosing value at data\.self/],
    ['undefined data', { ...newEvent(), data: undefined as never }, /event 0 \(.+\) holds nothing \(undefined\) at data/],
  ])('refuses %s with an InvalidAppendError naming where it is; nothing is written', async (_name, bad, message) => {
    const store = getSqliteEventStore({ fileName: ':memory:' });
    try {
      const error = await rejectionOf(() => store.appendToStream('case-1', [bad]));
      expect(isInvalidAppendError(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
      expect(await collect(store.readAll())).toEqual([]);
      expect((await store.appendToStream('case-1', [newEvent()])).lastPosition).toBe(1n);
    } finally {
      await store.close();
    }
  });
});

describe('a file written before canonical storage', () => {
  const dir = tempDir();
  afterAll(() => dir.remove());

  it('still reads back equal, verifies, and its chains continue', async () => {
    const fileName = dir.file('older.db');
    await getSqliteEventStore({ fileName }).close();
    // As casefold wrote rows until now: JSON.stringify's text (keys as appended), the canonical hash.
    const events = [newEvent('Submitted', { zeta: 1, alpha: { y: [1, 2], b: 'text' } }), newEvent('Reviewed', { decision: 'accepted', note: null }, { zz: true, aa: 'x' })];
    const chained = chainEvents('case-old', null, events);
    const raw = new BetterSqlite3(fileName);
    const insert = raw.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const e of chained) insert.run(e.streamId, e.revision, e.eventId, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata), e.prevHash, e.hash);
    raw.prepare('INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?)').run('case-old', 1n, chained[1]!.hash);
    raw.close();

    const store = getSqliteEventStore({ fileName });
    try {
      const read = await collect(store.readStream('case-old'));
      expect(read).toEqual(chained.map((e, i) => ({ ...e, position: BigInt(i + 1) })));
      expect(Object.keys(read[0]!.data as object)).toEqual(['zeta', 'alpha']);
      const next = await store.appendToStream('case-old', [newEvent('Routed', { unit: 'majie' })], { expectedRevision: 1n });
      expect(next.events[0]!.prevHash).toBe(chained[1]!.hash);
      expect(E.isRight(await verifyAll(store))).toBe(true);
    } finally {
      await store.close();
    }
  });
});
