import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { eventHashOfJson } from '@casefold/engine';
import type { NewEvent } from '@casefold/engine';
import { migrations } from '@casefold/sqlite';
import type { SynchronousMode } from '@casefold/sqlite';

/**
 * The baseline every store figure is compared with: plain better-sqlite3 on the same
 * schema (the library's own migration SQL), the same pragmas, prepared statements and
 * one IMMEDIATE transaction per append — but no library: no validation, no hash chain,
 * no objects per event beyond what parsing the JSON gives.
 */
export interface RawBaseline {
  readonly db: Database;
  /** Appends pre-built events with an expected revision (`-1` for a new stream); returns the new last revision. */
  readonly append: (streamId: string, events: readonly NewEvent[], expected: number) => number;
  /**
   * Group commit done by hand: all the appends in ONE IMMEDIATE transaction, each checked
   * against its expected revision before it writes (a conflicting one is skipped, the others
   * commit). Returns each append's new last revision, or `null` for a conflict.
   */
  readonly appendGroup: (appends: readonly RawAppend[]) => Array<number | null>;
  /** Reads every event in position order, page by page; `parse`: parsing data and metadata; `hash`: hashing each event's stored texts (as the chain check does). */
  readonly replay: (work: { readonly parse: boolean; readonly hash: boolean }) => number;
  /** Reads one stream's events, parsing data and metadata. */
  readonly load: (streamId: string) => number;
  readonly close: () => void;
}

/** One append of {@link RawBaseline.appendGroup}. */
export interface RawAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expected: number;
}

const FAKE_HASH = 'f'.repeat(64);

/** Opens a raw baseline database on `fileName` with the same durability as the store. */
export const openRawBaseline = (fileName: string, synchronous: SynchronousMode): RawBaseline => {
  const db = new BetterSqlite3(fileName, { timeout: 5_000 });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'events'").get() === undefined) {
    for (const migration of migrations) db.exec(migration.sql('main'));
  }
  const head = db.prepare<[string], [number, string]>('SELECT revision, hash FROM streams WHERE stream_id = ?').raw(true);
  const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertHead = db.prepare('INSERT INTO streams (stream_id, revision, hash) VALUES (?, ?, ?)');
  const updateHead = db.prepare('UPDATE streams SET revision = ?, hash = ? WHERE stream_id = ?');
  const page = db
    .prepare<[number], unknown[]>('SELECT position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash FROM events WHERE position > ? ORDER BY position LIMIT 1000')
    .raw(true);
  const stream = db
    .prepare<[string, number], unknown[]>(
      'SELECT position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT 1000',
    )
    .raw(true);

  const write = (streamId: string, events: readonly NewEvent[], expected: number): number | null => {
    const current = head.get(streamId);
    if ((current === undefined ? -1 : current[0]) !== expected) return null;
    let revision = expected;
    for (const event of events) {
      revision += 1;
      insert.run(streamId, revision, event.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), FAKE_HASH, FAKE_HASH);
    }
    if (current === undefined) insertHead.run(streamId, revision, FAKE_HASH);
    else updateHead.run(revision, FAKE_HASH, streamId);
    return revision;
  };
  const append = db.transaction((streamId: string, events: readonly NewEvent[], expected: number): number => {
    const revision = write(streamId, events, expected);
    if (revision === null) throw new Error(`conflict on ${streamId}`);
    return revision;
  });
  const appendGroup = db.transaction((appends: readonly RawAppend[]) => appends.map((a) => write(a.streamId, a.events, a.expected)));

  return {
    db,
    append: (streamId, events, expected) => append.immediate(streamId, events, expected),
    appendGroup: (appends) => appendGroup.immediate(appends),
    replay: ({ parse, hash }) => {
      let count = 0;
      let after = 0;
      for (;;) {
        const rows = page.all(after);
        for (const row of rows) {
          if (parse) {
            JSON.parse(row[5] as string);
            JSON.parse(row[6] as string);
          }
          if (hash) {
            // The raw table holds no real hashes to compare with: computing them is the cost.
            eventHashOfJson(row[7] as string, {
              streamId: row[1] as string,
              revision: BigInt(row[2] as number),
              eventId: row[3] as string,
              type: row[4] as string,
              dataJson: row[5] as string,
              metadataJson: row[6] as string,
            });
          }
          count += 1;
        }
        if (rows.length < 1_000) return count;
        after = rows[rows.length - 1]![0] as number;
      }
    },
    load: (streamId) => {
      let count = 0;
      for (const row of stream.all(streamId, 0)) {
        JSON.parse(row[5] as string);
        JSON.parse(row[6] as string);
        count += 1;
      }
      return count;
    },
    close: () => db.close(),
  };
};
