import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GENESIS_HASH, eventHash, isInvalidAppendError, isStoreClosedError, isWrongExpectedRevisionError, type RecordedEvent } from '@casefold/engine';
import { collect, ids, newEvent, openTestStore, sql, type TestStore } from './support/testStore.js';

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.dispose();
});

const stream = (() => {
  let n = 0;
  return (prefix = 'case') => `${prefix}-${n++}-${Math.random().toString(36).slice(2)}`;
})();

describe('append and read', () => {
  it('appends with revisions, positions and a hash chain computed by the engine', async () => {
    const { events: eventStore } = store;
    const id = stream();
    const first = await eventStore.appendToStream(id, [newEvent('Submitted'), newEvent('Reviewed')], { expectedRevision: 'no_stream' });
    const second = await eventStore.appendToStream(id, [newEvent('Routed')], { expectedRevision: 1n });
    expect(first.nextExpectedRevision).toBe(1n);
    expect(second.nextExpectedRevision).toBe(2n);
    const events = await collect(eventStore.readStream(id));
    expect(events.map((e) => e.type)).toEqual(['Submitted', 'Reviewed', 'Routed']);
    expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    expect(events).toEqual([...first.events, ...second.events]);
    expect(second.lastPosition).toBe(events[2]!.position);
    expect(events[0]!.position < events[1]!.position && events[1]!.position < events[2]!.position).toBe(true);
    let prev = GENESIS_HASH;
    for (const e of events) {
      expect(e.prevHash).toBe(prev);
      const { position: _p, prevHash: _ph, hash: _h, ...body } = e;
      expect(e.hash).toBe(eventHash(prev, body));
      prev = e.hash;
    }
  });

  it('enforces every kind of expected revision and appends nothing on a mismatch', async () => {
    const { events: eventStore } = store;
    const id = stream();
    await expect(eventStore.appendToStream(id, [newEvent()], { expectedRevision: 'stream_exists' })).rejects.toSatisfy(isWrongExpectedRevisionError);
    await expect(eventStore.appendToStream(id, [newEvent()], { expectedRevision: 0n })).rejects.toSatisfy(isWrongExpectedRevisionError);
    await eventStore.appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' });
    const error = await eventStore.appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
    expect(isWrongExpectedRevisionError(error) && error.actual).toBe(0n);
    await expect(eventStore.appendToStream(id, [newEvent()], { expectedRevision: 5n })).rejects.toSatisfy(isWrongExpectedRevisionError);
    await eventStore.appendToStream(id, [newEvent()], { expectedRevision: 'stream_exists' });
    await eventStore.appendToStream(id, [newEvent()], { expectedRevision: 'any' });
    await eventStore.appendToStream(id, [newEvent()]);
    expect((await collect(eventStore.readStream(id))).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
  });

  it('detects a head moved by another store instance even when its own head cache is stale', async () => {
    const other = await openTestStore({ schema: store.schema });
    try {
      const id = stream();
      await store.events.appendToStream(id, [newEvent()], { expectedRevision: 'no_stream' });
      await other.events.appendToStream(id, [newEvent()], { expectedRevision: 0n });
      const error = await store.events.appendToStream(id, [newEvent()], { expectedRevision: 0n }).catch((e: unknown) => e);
      expect(isWrongExpectedRevisionError(error) && error.actual).toBe(1n);
      const result = await store.events.appendToStream(id, [newEvent()], { expectedRevision: 'any' });
      expect(result.nextExpectedRevision).toBe(2n);
      const events = await collect(store.events.readStream(id));
      expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      expect(events[2]!.prevHash).toBe(events[1]!.hash);
    } finally {
      await other.close();
    }
  });

  it('rejects malformed appends with InvalidAppendError and writes nothing', async () => {
    const { events: eventStore } = store;
    const id = stream();
    await expect(eventStore.appendToStream(id, [])).rejects.toSatisfy(isInvalidAppendError);
    await expect(eventStore.appendToStream('', [newEvent()])).rejects.toSatisfy(isInvalidAppendError);
    await expect(eventStore.appendToStream(id, [newEvent()], { expectedRevision: -1n })).rejects.toSatisfy(isInvalidAppendError);
    await expect(eventStore.appendToStream('nul\u0000id', [newEvent()])).rejects.toSatisfy(isInvalidAppendError);
    await expect(eventStore.appendToStream(id, [newEvent('T', { n: 1n } as never)])).rejects.toSatisfy(isInvalidAppendError);
    expect(await collect(eventStore.readStream(id))).toEqual([]);
    expect(await collect(eventStore.readStream('nul\u0000id'))).toEqual([]);
  });

  it('appends large batches atomically through the array form', async () => {
    const id = stream('bulk');
    const events = Array.from({ length: 300 }, (_, i) => newEvent('Bulk', { i }));
    const result = await store.events.appendToStream(id, events, { expectedRevision: 'no_stream' });
    expect(result.nextExpectedRevision).toBe(299n);
    const read = await collect(store.events.readStream(id));
    expect(ids(read)).toEqual(events.map((e) => e.eventId));
    expect(read).toEqual(result.events);
    // A conflicting batch is all-or-nothing.
    await expect(store.events.appendToStream(id, events.slice(0, 100), { expectedRevision: 5n })).rejects.toSatisfy(isWrongExpectedRevisionError);
    expect(await collect(store.events.readStream(id))).toHaveLength(300);
  });

  it('reads streams forwards, backwards, from a revision, with a maximum, across pages', async () => {
    const small = await openTestStore({ schema: store.schema, pageSize: 3 });
    try {
      const id = stream();
      await small.events.appendToStream(
        id,
        Array.from({ length: 10 }, (_, i) => newEvent('E', { i })),
      );
      const revs = (events: RecordedEvent[]): bigint[] => events.map((e) => e.revision);
      expect(revs(await collect(small.events.readStream(id)))).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n]);
      expect(revs(await collect(small.events.readStream(id, { direction: 'backwards' })))).toEqual([9n, 8n, 7n, 6n, 5n, 4n, 3n, 2n, 1n, 0n]);
      expect(revs(await collect(small.events.readStream(id, { fromRevision: 4n, maxCount: 4 })))).toEqual([4n, 5n, 6n, 7n]);
      expect(revs(await collect(small.events.readStream(id, { direction: 'backwards', fromRevision: 4n, maxCount: 4 })))).toEqual([4n, 3n, 2n, 1n]);
      expect(revs(await collect(small.events.readStream(id, { maxCount: 0 })))).toEqual([]);
      expect(await collect(small.events.readStream('missing-stream'))).toEqual([]);
      const all = await collect(small.events.readAll());
      expect(all.filter((e) => e.streamId === id)).toHaveLength(10);
      expect(all.every((e, i) => i === 0 || all[i - 1]!.position < e.position)).toBe(true);
      const from = all[4]!.position;
      expect(await collect(small.events.readAll({ fromPosition: from, maxCount: 5 }))).toEqual(all.slice(5, 10));
    } finally {
      await small.close();
    }
  });

  it('round-trips any JSON data and metadata exactly (property)', async () => {
    const id = stream('prop');
    let revision: bigint | 'no_stream' = 'no_stream';
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.string(), async (data, note) => {
        const event = newEvent('Prop', data as never, { note });
        const result = await store.events.appendToStream(id, [event], { expectedRevision: revision });
        revision = result.nextExpectedRevision;
        const [read] = await collect(store.events.readStream(id, { fromRevision: revision }));
        expect(read!.data).toEqual(JSON.parse(JSON.stringify(data)));
        expect(read!.metadata).toEqual(event.metadata);
        const { data: _data, ...recorded } = result.events[0]!;
        expect(read).toMatchObject(recorded);
      }),
      { numRuns: 1000 },
    );
  });

  it('readAll returns any ids, type, data and metadata exactly, whatever characters they hold (property)', async () => {
    // Tabs, newlines, backslashes, `\N` and non-BMP characters: any string but U+0000 must survive a whole-store read.
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\u0000'));
    const special = fc.constantFrom('\t', '\n', '\r', '\\', '\\N', '\\t', '\b\f\v', '"\\"', '\u2028', '😀');
    const awkward = fc.array(fc.oneof(text, special), { minLength: 1, maxLength: 4 }).map((parts) => parts.join(''));
    let n = 0;
    await fc.assert(
      fc.asyncProperty(awkward, awkward, awkward, fc.jsonValue(), fc.dictionary(awkward, awkward, { maxKeys: 3 }), async (streamPart, idPart, type, data, extra) => {
        const event = { ...newEvent(type, data as never, extra), eventId: `${idPart}-${n++}` };
        const result = await store.events.appendToStream(`${stream('copy')}${streamPart}`, [event], { expectedRevision: 'no_stream' });
        const [read] = await collect(store.events.readAll({ fromPosition: result.lastPosition - 1n, maxCount: 1 }));
        expect(read).toEqual({ ...result.events[0]!, data: JSON.parse(JSON.stringify(data)) });
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps revisions dense and positions increasing for any sequence of appends (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 6 }), async (plan) => {
        const streams = [stream('p'), stream('p'), stream('p'), stream('p')];
        const results = [];
        for (const [s, n] of plan)
          results.push(
            await store.events.appendToStream(
              streams[s]!,
              Array.from({ length: n }, () => newEvent()),
            ),
          );
        const positions = results.flatMap((r) => r.events.map((e) => e.position));
        expect(positions.every((p, i) => i === 0 || positions[i - 1]! < p)).toBe(true);
        for (const s of streams) {
          const events = await collect(store.events.readStream(s));
          expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
        }
        const first = positions[0]! - 1n;
        const all = (await collect(store.events.readAll({ fromPosition: first }))).filter((e) => streams.includes(e.streamId));
        expect(all.map((e) => e.position)).toEqual(positions);
      }),
      { numRuns: 1000 },
    );
  });

  it('throws StoreClosedError after close', async () => {
    const closing = await openTestStore({ schema: store.schema });
    await closing.close();
    await expect(closing.events.appendToStream('x', [newEvent()])).rejects.toSatisfy(isStoreClosedError);
    await expect(collect(closing.events.readAll())).rejects.toSatisfy(isStoreClosedError);
    await expect(collect(closing.events.readStream('x'))).rejects.toSatisfy(isStoreClosedError);
    expect(() => closing.events.subscribeToAll()).toThrow(/closed/);
  });

  it('stores data and metadata as the canonical json text their hash covers, which SQL can query', async () => {
    const id = stream('sql');
    await store.events.appendToStream(id, [newEvent('Submitted', { b: 1, a: [true, null, 'x'] })]);
    const rows = await sql<{ data: string; a: string }>(`SELECT data::text AS data, data->'a'->>2 AS a FROM "${store.schema}".events WHERE stream_id = $1`, [id]);
    expect(rows).toEqual([{ data: '{"a":[true,null,"x"],"b":1}', a: 'x' }]);
  });
});
