import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachEvent, isEventDecodeError } from '@casefold/engine';
import type { PagedAsyncIterator, RecordedEvent } from '@casefold/engine';
import { collect, newEvent, openTestStore, sql, uniqueSchema, type TestStore } from './support/testStore.js';

/** The iterator of a read, as the engine's forEachEvent sees it. */
const pagedIterator = (read: AsyncIterable<RecordedEvent>): PagedAsyncIterator<RecordedEvent> => {
  const iterator = read[Symbol.asyncIterator]() as PagedAsyncIterator<RecordedEvent>;
  expect(typeof iterator.nextPage).toBe('function');
  return iterator;
};

const rejectionOf = async (promise: () => Promise<unknown>): Promise<unknown> => {
  try {
    await promise();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

describe('paged reads (nextPage)', () => {
  let store: TestStore;
  let schema: string;
  beforeAll(async () => {
    schema = uniqueSchema('paged');
    // Pages of 4 rows: a read of 10 events spans three pages.
    store = await openTestStore({ schema, pageSize: 4 });
  });
  afterAll(() => store.dispose());

  it('hands out pages of at most the asked count, sharing one cursor with next(), for readStream and readAll', async () => {
    const streamId = 'paged-1';
    await store.events.appendToStream(
      streamId,
      Array.from({ length: 10 }, (_, n) => newEvent('Submitted', { n })),
    );
    const iterator = pagedIterator(store.events.readStream(streamId));
    const revisions: bigint[] = [];
    revisions.push(...(await iterator.nextPage(3)).map((e) => e.revision));
    const one = await iterator.next();
    if (one.done === true) throw new Error('ended early');
    revisions.push(one.value.revision);
    expect(revisions).toEqual([0n, 1n, 2n, 3n]);
    // At most one page of rows per call: the next query's four rows, however many are asked for.
    expect((await iterator.nextPage(1024)).map((e) => e.revision)).toEqual([4n, 5n, 6n, 7n]);
    // At least one event while the read goes on, whatever the count.
    expect((await iterator.nextPage(0)).map((e) => e.revision)).toEqual([8n]);
    revisions.push(4n, 5n, 6n, 7n, 8n);
    for (let page = await iterator.nextPage(1024); page.length > 0; page = await iterator.nextPage(1024)) revisions.push(...page.map((e) => e.revision));
    expect(revisions).toEqual(Array.from({ length: 10 }, (_, n) => BigInt(n)));
    expect(await iterator.nextPage(5)).toEqual([]);

    const all: RecordedEvent[] = [];
    expect(await forEachEvent(store.events.readAll(), (event) => all.push(event) > 0)).toBe(true);
    expect(all.map((e) => e.eventId)).toEqual((await collect(store.events.readAll())).map((e) => e.eventId));
  });

  it('ends the page before an event whose stored metadata is damaged, rejects with an EventDecodeError naming stream and revision, then reads on', async () => {
    const streamId = 'paged-damaged';
    await store.events.appendToStream(
      streamId,
      Array.from({ length: 5 }, (_, n) => newEvent('Submitted', { n })),
    );
    await sql(`UPDATE "${schema}".events SET metadata = '"not an object"' WHERE stream_id = $1 AND revision = 2`, [streamId]);
    const iterator = pagedIterator(store.events.readStream(streamId, { maxCount: 5 }));
    expect((await iterator.nextPage(1024)).map((e) => e.revision)).toEqual([0n, 1n]);
    const error = await rejectionOf(() => iterator.nextPage(1024));
    expect(isEventDecodeError(error)).toBe(true);
    expect(error).toMatchObject({ streamId, revision: 2n, path: 'metadata' });
    expect((await iterator.nextPage(1024)).map((e) => e.revision)).toEqual([3n]);
    expect((await iterator.nextPage(1024)).map((e) => e.revision)).toEqual([4n]);
    expect(await iterator.nextPage(1024)).toEqual([]);

    // forEachEvent visits the events before it, then fails with that error; the store is intact.
    const visited: bigint[] = [];
    const failed = await rejectionOf(() => forEachEvent(store.events.readStream(streamId), (event) => visited.push(event.revision) > 0));
    expect(visited).toEqual([0n, 1n]);
    expect(failed).toMatchObject({ name: 'EventDecodeError', streamId, revision: 2n });
    expect((await collect(store.events.readStream('paged-1'))).length).toBe(10);
    expect((await sql(`SELECT count(*)::int AS n FROM "${schema}".events WHERE stream_id = $1`, [streamId]))[0]?.['n']).toBe(5);
  });
});
