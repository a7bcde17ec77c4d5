import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { InvalidStoreOptionError, isInvalidAppendError, isStoreClosedError, isWrongExpectedRevisionError, verifyAll, GENESIS_HASH } from '@casefold/engine';
import type { ExpectedRevision, RecordedEvent } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore, SqliteEventStoreOptions } from '@casefold/sqlite';
import { appendStep, collect, keys, newEvent, rejectionOf, tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

let fileCount = 0;
const kinds: ReadonlyArray<readonly [string, (extra?: Partial<SqliteEventStoreOptions>) => SqliteEventStore]> = [
  ['file', (extra) => getSqliteEventStore({ fileName: dir.file(`store-${(fileCount += 1)}.db`), ...extra })],
  [':memory:', (extra) => getSqliteEventStore({ fileName: ':memory:', ...extra })],
];

describe.each(kinds)('SQLite event store (%s)', (_kind, open) => {
  const opened: SqliteEventStore[] = [];
  const store = (extra?: Partial<SqliteEventStoreOptions>): SqliteEventStore => {
    const s = open(extra);
    opened.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  it('appends to a new stream: revisions from 0, positions from 1, a hash chain from genesis', async () => {
    const s = store();
    const result = await s.appendToStream('case-1', [newEvent(), newEvent('Reviewed')], { expectedRevision: 'no_stream' });
    expect(result.nextExpectedRevision).toBe(1n);
    expect(result.lastPosition).toBe(2n);
    expect(result.events.map((e) => [e.revision, e.position])).toEqual([
      [0n, 1n],
      [1n, 2n],
    ]);
    expect(result.events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(result.events[1]!.prevHash).toBe(result.events[0]!.hash);
    const next = await s.appendToStream('case-1', [newEvent('Routed')], { expectedRevision: 1n });
    expect(next.events[0]!.prevHash).toBe(result.events[1]!.hash);
    expect(await collect(s.readStream('case-1'))).toEqual([...result.events, ...next.events]);
  });

  it.each<[string, ExpectedRevision, boolean, bigint | 'no_stream']>([
    ['no_stream on an existing stream', 'no_stream', true, 0n],
    ['stream_exists on a missing stream', 'stream_exists', false, 'no_stream'],
    ['a stale revision', 5n, true, 0n],
    ['a revision on a missing stream', 0n, false, 'no_stream'],
  ])('rejects %s with WrongExpectedRevisionError and appends nothing', async (_name, expected, exists, actual) => {
    const s = store();
    if (exists) await s.appendToStream('case-1', [newEvent()]);
    const before = await collect(s.readAll());
    const error = await rejectionOf(() => s.appendToStream('case-1', [newEvent(), newEvent()], { expectedRevision: expected }));
    expect(isWrongExpectedRevisionError(error)).toBe(true);
    expect(error).toMatchObject({ streamId: 'case-1', expected, actual });
    expect(await collect(s.readAll())).toEqual(before);
  });

  it("accepts 'any', 'stream_exists' and the right revision", async () => {
    const s = store();
    await s.appendToStream('case-1', [newEvent()], { expectedRevision: 'any' });
    await s.appendToStream('case-1', [newEvent()], { expectedRevision: 'stream_exists' });
    await s.appendToStream('case-1', [newEvent()], { expectedRevision: 1n });
    await s.appendToStream('case-1', [newEvent()]);
    expect((await collect(s.readStream('case-1'))).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
  });

  it.each<[string, () => Parameters<SqliteEventStore['appendToStream']>]>([
    ['an empty stream id', () => ['', [newEvent()]]],
    ['no events', () => ['case-1', []]],
    ['a negative expected revision', () => ['case-1', [newEvent()], { expectedRevision: -1n }]],
    ['a non-finite number in data', () => ['case-1', [newEvent(), newEvent('Reviewed', { amount: Number.NaN })]]],
    ['a bigint in data', () => ['case-1', [newEvent('Reviewed', { amount: 5n } as never)]]],
    ['undefined data', () => ['case-1', [{ ...newEvent(), data: undefined as never }]]],
    ['metadata that is not an object', () => ['case-1', [{ ...newEvent(), metadata: [] as never }]]],
  ])('rejects an append with %s as InvalidAppendError; nothing is written, no position is used', async (_name, args) => {
    const s = store();
    const error = await rejectionOf(() => s.appendToStream(...args()));
    expect(isInvalidAppendError(error)).toBe(true);
    expect(await collect(s.readAll())).toEqual([]);
    const { lastPosition } = await s.appendToStream('case-1', [newEvent()]);
    expect(lastPosition).toBe(1n);
  });

  it('reads a missing stream as no events, forwards and backwards', async () => {
    const s = store();
    await s.appendToStream('case-1', [newEvent()]);
    expect(await collect(s.readStream('nope'))).toEqual([]);
    expect(await collect(s.readStream('nope', { direction: 'backwards' }))).toEqual([]);
  });

  it('reads all events in position order across interleaved streams, from an exclusive position', async () => {
    const s = store({ pageSize: 2 });
    for (let i = 0; i < 5; i++) {
      await s.appendToStream('a', [newEvent()]);
      await s.appendToStream('b', [newEvent(), newEvent()]);
    }
    const all = await collect(s.readAll());
    expect(all.map((e) => e.position)).toEqual(Array.from({ length: 15 }, (_, i) => BigInt(i + 1)));
    expect(await collect(s.readAll({ fromPosition: 7n }))).toEqual(all.slice(7));
    expect(await collect(s.readAll({ fromPosition: 7n, maxCount: 3 }))).toEqual(all.slice(7, 10));
    expect(await collect(s.readAll({ fromPosition: 15n }))).toEqual([]);
    expect(E.isRight(await verifyAll(s))).toBe(true);
  });

  it('gives a fresh read on every iteration of the same iterable', async () => {
    const s = store();
    await s.appendToStream('a', [newEvent()]);
    const read = s.readStream('a');
    expect(await collect(read)).toHaveLength(1);
    await s.appendToStream('a', [newEvent()]);
    expect(await collect(read)).toHaveLength(2);
  });

  it('stops reading when the consumer breaks out, and reads on later', async () => {
    const s = store({ pageSize: 3 });
    await s.appendToStream(
      'a',
      Array.from({ length: 10 }, () => newEvent()),
    );
    const seen: bigint[] = [];
    for await (const event of s.readStream('a')) {
      seen.push(event.revision);
      if (event.revision === 4n) break;
    }
    expect(seen).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('fails every operation after close with StoreClosedError; closing twice is fine', async () => {
    const s = open();
    await s.appendToStream('a', [newEvent()]);
    const read = s.readStream('a');
    await s.close();
    await s.close();
    expect(isStoreClosedError(await rejectionOf(() => s.appendToStream('a', [newEvent()])))).toBe(true);
    expect(isStoreClosedError(await rejectionOf(() => collect(read)))).toBe(true);
    expect(isStoreClosedError(await rejectionOf(() => collect(s.readAll())))).toBe(true);
    expect(isStoreClosedError(await rejectionOf(() => s.projections.load('p')))).toBe(true);
  });

  it('rejects nonsense options', () => {
    expect(() => open({ pageSize: 0 })).toThrow(InvalidStoreOptionError);
    expect(() => open({ synchronous: 'SOMETIMES' as never })).toThrow(InvalidStoreOptionError);
    expect(() => open({ pollIntervalMs: 0 })).toThrow(InvalidStoreOptionError);
  });
});

describe('readStream, for all stream lengths, pages and options', () => {
  it('returns exactly the slice a plain array gives (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<'forwards' | 'backwards'>('forwards', 'backwards'),
        fc.option(fc.integer({ min: -2, max: 14 }), { nil: undefined }),
        fc.option(fc.integer({ min: -1, max: 14 }), { nil: undefined }),
        async (length, pageSize, direction, from, maxCount) => {
          const s = getSqliteEventStore({ fileName: ':memory:', pageSize });
          try {
            if (length > 0) await s.appendToStream('other', [newEvent()]);
            if (length > 0)
              await s.appendToStream(
                's',
                Array.from({ length }, () => newEvent()),
              );
            const all = await collect(s.readStream('s'));
            const revisions = all.map((e) => Number(e.revision));
            const fromRevision = from === undefined ? undefined : BigInt(from);
            let expected = direction === 'forwards' ? revisions.filter((r) => from === undefined || r >= from) : revisions.filter((r) => from === undefined || r <= from).reverse();
            if (maxCount !== undefined) expected = expected.slice(0, Math.max(0, maxCount));
            const got = await collect(
              s.readStream('s', {
                direction,
                ...(fromRevision === undefined ? {} : { fromRevision }),
                ...(maxCount === undefined ? {} : { maxCount }),
              }),
            );
            expect(got.map((e) => Number(e.revision))).toEqual(expected);
          } finally {
            await s.close();
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('appends, for all interleavings of expectations', () => {
  it('match a model: gapless streams, positions in append order, only the conflicting appends rejected (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(appendStep, { maxLength: 12 }), fc.integer({ min: 1, max: 4 }), async (steps, pageSize) => {
        const s = getSqliteEventStore({ fileName: ':memory:', pageSize });
        const model = new Map<string, number>();
        const order: string[] = [];
        try {
          for (const { stream, count, expectation } of steps) {
            const id = `s${stream}`;
            const length = model.get(id) ?? 0;
            const expectedRevision: ExpectedRevision = expectation === 'exact' ? BigInt(length - 1) : expectation === 'stale' ? BigInt(length + 1) : expectation;
            const ok = expectation === 'any' || (expectation === 'no_stream' && length === 0) || (expectation === 'stream_exists' && length > 0) || (expectation === 'exact' && length > 0);
            const events = Array.from({ length: count }, () => newEvent());
            if (expectedRevision === -1n) continue;
            const outcome = await s.appendToStream(id, events, { expectedRevision }).then(
              (r) => r,
              (e: unknown) => e,
            );
            if (ok) {
              expect(outcome).toMatchObject({ nextExpectedRevision: BigInt(length + count - 1) });
              for (let i = 0; i < count; i++) order.push(`${id}@${length + i}`);
              model.set(id, length + count);
            } else {
              expect(isWrongExpectedRevisionError(outcome)).toBe(true);
            }
          }
          const all: RecordedEvent[] = await collect(s.readAll());
          expect(keys(all)).toEqual(order);
          expect(all.map((e) => e.position)).toEqual(order.map((_, i) => BigInt(i + 1)));
          for (const [id, length] of model) expect((await collect(s.readStream(id))).length).toBe(length);
          expect(E.isRight(await verifyAll(s))).toBe(true);
        } finally {
          await s.close();
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('a store file', () => {
  it('keeps events across close and reopen, and the chain continues', async () => {
    const fileName = dir.file('reopen.db');
    const first = getSqliteEventStore({ fileName });
    const written = await first.appendToStream('a', [newEvent(), newEvent()]);
    await first.close();
    const second = getSqliteEventStore({ fileName, synchronous: 'NORMAL' });
    try {
      expect(await collect(second.readStream('a'))).toEqual(written.events);
      const more = await second.appendToStream('a', [newEvent()], { expectedRevision: 1n });
      expect(more.events[0]).toMatchObject({ revision: 2n, position: 3n, prevHash: written.events[1]!.hash });
      expect(E.isRight(await verifyAll(second))).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('is shared by two store instances in one process', async () => {
    const fileName = dir.file('shared.db');
    const one = getSqliteEventStore({ fileName });
    const two = getSqliteEventStore({ fileName });
    try {
      await one.appendToStream('a', [newEvent()]);
      await two.appendToStream('a', [newEvent()], { expectedRevision: 0n });
      const error = await rejectionOf(() => one.appendToStream('a', [newEvent()], { expectedRevision: 0n }));
      expect(error).toMatchObject({ name: 'WrongExpectedRevisionError', actual: 1n });
      expect(keys(await collect(one.readAll()))).toEqual(['a@0', 'a@1']);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
