import BetterSqlite3 from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, findBrokenLinks, verifyAll } from '@casefold/engine';
import { chainEvents } from '@casefold/engine/adapter';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import { collect, newEvent, tempDir } from './support/fixtures.js';

// The `streams` table records each stream's head for the appends' optimistic concurrency.
// Events deleted or added behind the store's back leave every hash chain intact; verification
// compares the table with the last stored events (headDiffers).

const STREAMS = 4;
const PER_STREAM = 5;

const opened: { store: SqliteEventStore; raw: BetterSqlite3.Database; remove: () => void }[] = [];

afterEach(async () => {
  for (const { store, raw, remove } of opened.splice(0)) {
    raw.close();
    await store.close();
    remove();
  }
});

/** A file of four streams of five events each, and a raw connection to tamper with it. */
const filledStore = async (pageSize?: number): Promise<{ store: SqliteEventStore; raw: BetterSqlite3.Database }> => {
  const dir = tempDir();
  const fileName = dir.file('heads.db');
  const store = getSqliteEventStore({ fileName, ...(pageSize === undefined ? {} : { pageSize }) });
  for (let round = 0; round < PER_STREAM; round++) {
    for (let s = 0; s < STREAMS; s++) await store.appendToStream(`case-${s}`, [newEvent('Mediated', { round })]);
  }
  const raw = new BetterSqlite3(fileName);
  opened.push({ store, raw, remove: dir.remove });
  return { store, raw };
};

const headOf = (raw: BetterSqlite3.Database, streamId: string): { revision: bigint; hash: string } =>
  raw.prepare('SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1').safeIntegers(true).get(streamId) as { revision: bigint; hash: string };

/** Appends an event with a correct hash chain by hand, as a forger who knows the hash scheme would, leaving `streams` as it is. */
const forgeTailEvent = (raw: BetterSqlite3.Database, streamId: string): void => {
  const [event] = chainEvents(streamId, headOf(raw, streamId), [newEvent('Closed', { forged: true })]);
  raw
    .prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(streamId, event!.revision, event!.eventId, event!.type, canonicalJson(event!.data), canonicalJson(event!.metadata), event!.prevHash, event!.hash);
};

describe("verification compares the streams table's heads with the last stored events", () => {
  it('finds nothing on an intact store', async () => {
    const { store } = await filledStore();
    expect(await collect(store.readHeadRecordDifferences())).toEqual([]);
    const result = await verifyAll(store);
    expect(E.isRight(result) && result.right.events).toBe(STREAMS * PER_STREAM);
  });

  it('names the stream and both revisions when the last event was deleted (every chain still intact)', async () => {
    const { store, raw } = await filledStore();
    const recorded = headOf(raw, 'case-2');
    raw.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 4').run('case-2');
    const stored = headOf(raw, 'case-2');
    const result = await verifyAll(store);
    expect(E.isLeft(result) && result.left).toEqual({
      kind: 'headDiffers',
      streamId: 'case-2',
      revision: 4n,
      position: null,
      recorded,
      stored,
      message: `Stream 'case-2': has a head record at revision 4 (hash ${recorded.hash.slice(0, 12)}…) but its last stored event is revision 3: revision 4 removed from its end (or the head record was changed)`,
    });
    const { links } = await findBrokenLinks(store);
    expect(links.map(({ kind, streamId }) => [kind, streamId])).toEqual([['headDiffers', 'case-2']]);
  });

  it('names an event added to the end with a recomputed hash, the head record left behind', async () => {
    const { store, raw } = await filledStore();
    forgeTailEvent(raw, 'case-1');
    const result = await verifyAll(store);
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'headDiffers', streamId: 'case-1', revision: 5n, recorded: { revision: 4n }, stored: { revision: 5n } });
    expect(E.isLeft(result) && result.left.message).toContain('revision 5 added behind the store');
  });

  it('names a last event rewritten and re-hashed (same revision, other hash)', async () => {
    const { store, raw } = await filledStore();
    const recorded = headOf(raw, 'case-3');
    raw.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 4').run('case-3');
    forgeTailEvent(raw, 'case-3');
    const result = await verifyAll(store);
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'headDiffers', streamId: 'case-3', revision: 4n, recorded, stored: { revision: 4n, hash: headOf(raw, 'case-3').hash } });
    expect(E.isLeft(result) && result.left.message).toContain('the last event was rewritten and re-hashed');
  });

  it('names a stream whose head record was deleted, and a head record without events', async () => {
    const { store, raw } = await filledStore();
    raw.prepare('DELETE FROM streams WHERE stream_id = ?').run('case-0');
    raw.prepare('INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?)').run('case-9', 2, 'ab'.repeat(32));
    const { links } = await findBrokenLinks(store);
    expect(links).toMatchObject([
      { kind: 'headDiffers', streamId: 'case-0', revision: 0n, recorded: null, stored: { revision: 4n } },
      { kind: 'headDiffers', streamId: 'case-9', revision: 0n, recorded: { revision: 2n }, stored: null },
    ]);
    expect(links[0]!.message).toContain('the store keeps no head record for it');
    expect(links[1]!.message).toContain('the whole stream (revisions 0..2) was removed');
  });

  it('reads the differences page by page, all of them, in stream id order', async () => {
    const { store, raw } = await filledStore(2);
    for (let s = 0; s < STREAMS; s++) raw.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 4').run(`case-${s}`);
    raw.prepare('DELETE FROM streams WHERE stream_id = ?').run('case-1');
    const differences = await collect(store.readHeadRecordDifferences());
    expect(differences.map(({ streamId, recorded, stored }) => [streamId, recorded?.revision ?? null, stored?.revision ?? null])).toEqual([
      ['case-0', 4n, 3n],
      ['case-1', null, 3n],
      ['case-2', 4n, 3n],
      ['case-3', 4n, 3n],
    ]);
  });

  it('reports no difference for appends committed while it verifies', async () => {
    const { store } = await filledStore(3);
    let appending = true;
    const appends = (async () => {
      for (let n = 0; appending || n < 50; n++) await store.appendToStream(`case-${n % 7}`, [newEvent('Mediated', { n })]);
    })();
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await verifyAll(store));
    appending = false;
    await appends;
    expect(results.filter(E.isLeft)).toEqual([]);
    expect(await collect(store.readHeadRecordDifferences())).toEqual([]);
  });
});
