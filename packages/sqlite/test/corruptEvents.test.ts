import BetterSqlite3 from 'better-sqlite3';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isEventDecodeError, verifyAll } from '@casefold/engine';
import type { RecordedEvent } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import { caseCodec, reviewedEvent } from './support/caseEvents.js';
import { collect, rejectionOf, tempDir } from './support/fixtures.js';

const dir = tempDir();
const fileName = dir.file('corrupt.db');
let store: SqliteEventStore;
let raw: BetterSqlite3.Database;
let rowsBefore: unknown[];

const allRows = (): unknown[] => raw.prepare('SELECT * FROM events ORDER BY position').all();

beforeAll(async () => {
  store = getSqliteEventStore({ fileName });
  for (const streamId of ['case-good', 'case-bad-json', 'case-unknown-type', 'case-bad-data']) {
    await store.appendToStream(streamId, [reviewedEvent(), reviewedEvent(), reviewedEvent()]);
  }
  raw = new BetterSqlite3(fileName);
  const corrupt = raw.prepare('UPDATE events SET data = ?, type = ? WHERE stream_id = ? AND revision = 1');
  corrupt.run('{"decision":"accepted","note":', 'Reviewed', 'case-bad-json');
  corrupt.run('{"decision":"accepted","note":null}', 'Teleported', 'case-unknown-type');
  corrupt.run('{"decision":"maybe","note":null}', 'Reviewed', 'case-bad-data');
  rowsBefore = allRows();
});

afterAll(async () => {
  expect(allRows()).toEqual(rowsBefore);
  expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
  raw.close();
  await store.close();
  dir.remove();
});

/** Reads a stream through the codec, as the command handler does: the first decode failure is thrown. */
const readDecoded = async (streamId: string): Promise<unknown[]> => {
  const out: unknown[] = [];
  for await (const recorded of store.readStream(streamId)) {
    const decoded = caseCodec.decode(recorded);
    if (E.isLeft(decoded)) throw decoded.left;
    out.push(decoded.right);
  }
  return out;
};

describe('a stored event that cannot be read', () => {
  it.each([
    ['corrupt JSON', 'case-bad-json', 'data', /not valid JSON/],
    ['an unknown type', 'case-unknown-type', 'type', /unknown event type/],
    ['data failing its codec', 'case-bad-data', 'data', /^expected .*decision: "accepted"/],
  ])('with %s gives an EventDecodeError naming stream, revision and field', async (_name, streamId, path, reason) => {
    const error = await rejectionOf(() => readDecoded(streamId));
    expect(isEventDecodeError(error)).toBe(true);
    expect(error).toMatchObject({ streamId, revision: 1n, path });
    expect((error as { reason: string }).reason).toMatch(reason);
    expect((error as Error).message).toContain(`stream '${streamId}' revision 1`);
  });

  it('only fails when reached: the events before it are delivered first', async () => {
    const seen: bigint[] = [];
    const error = await rejectionOf(async () => {
      for await (const event of store.readStream('case-bad-json')) seen.push(event.revision);
    });
    expect(seen).toEqual([0n]);
    expect(isEventDecodeError(error)).toBe(true);
  });

  it('leaves every other stream readable and decodable', async () => {
    expect(await readDecoded('case-good')).toHaveLength(3);
    const backwards = await collect(store.readStream('case-bad-json', { direction: 'backwards', maxCount: 1 }));
    expect(backwards.map((e) => e.revision)).toEqual([2n]);
  });

  it('lets a whole-store reader step past it: next() after the error continues with the following event', async () => {
    const iterator = store.readAll({ maxCount: 1_000 })[Symbol.asyncIterator]();
    const read: RecordedEvent[] = [];
    const errors: unknown[] = [];
    for (;;) {
      try {
        const result = await iterator.next();
        if (result.done === true) break;
        read.push(result.value);
      } catch (e) {
        errors.push(e);
      }
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'EventDecodeError', streamId: 'case-bad-json', revision: 1n });
    expect(read).toHaveLength(11);
    expect(read.map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 6n, 7n, 8n, 9n, 10n, 11n, 12n]);
  });

  it('is reported by verifyAll as a changed event at that stream and revision', async () => {
    const result = await verifyAll(store);
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'changed', streamId: 'case-bad-json', revision: 1n });
  });
});
