import { newEvents } from '@casefold/engine/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, getInMemoryEventStore, startCheckpointing, verifyCheckpoint, verifyCheckpointChain, type Checkpoint, type TakeCheckpointResult } from '../../../src/index.js';

const keys = generateEd25519KeyPair();
const otherKeys = generateEd25519KeyPair();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` holds, checking every 5 ms, for at most 5 s. */
const until = async (done: () => boolean): Promise<void> => {
  for (let waited = 0; !done(); waited += 5) {
    if (waited > 5_000) throw new Error('timed out');
    await sleep(5);
  }
};

describe('startCheckpointing', () => {
  it('takes a checkpoint every N events, each chained to the one before; the chain verifies and the store verifies against its last', async () => {
    const store = getInMemoryEventStore();
    const kept: TakeCheckpointResult[] = [];
    const checkpointing = startCheckpointing(store, { storeId: 'test', privateKey: keys.privateKey, every: { events: 5 }, pollMs: 5, sink: (taken) => void kept.push(taken) });
    for (let round = 0; round < 3; round++) {
      await store.appendToStream(`s${round}`, newEvents(3));
      await store.appendToStream('shared', newEvents(3));
      await until(() => kept.length === round + 1);
    }
    await sleep(30);
    expect(kept).toHaveLength(3); // nothing appended since the third: no fourth
    await store.appendToStream('shared', newEvents(1));
    expect(await checkpointing.checkpointNow()).toMatchObject({ position: '19', events: 19 });
    expect(await checkpointing.checkpointNow()).toBeNull();
    await checkpointing.stop();
    const checkpoints = kept.map((k) => k.checkpoint);
    expect(checkpoints.map((c) => c.position)).toEqual(['6', '12', '18', '19']);
    expect(checkpoints[0]!.previous).toBeNull();
    expect(verifyCheckpointChain(checkpoints, { publicKey: keys.publicKey })).toEqual(E.right({ checkpoints: 4, last: checkpoints[3] }));
    for (const { checkpoint, leaves } of kept) expect(E.isRight(await verifyCheckpoint(store, checkpoint, { publicKey: keys.publicKey, leaves }))).toBe(true);
  });

  it('takes one every `ms` when the store moved on, continues a chain from `previous`, and does not chain to a checkpoint its sink failed to keep', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('a', newEvents(2));
    const first = startCheckpointing(store, { storeId: 'test', privateKey: keys.privateKey, every: { ms: 10 }, sink: () => undefined });
    const start = (await first.checkpointNow())!;
    await first.stop();
    const kept: Checkpoint[] = [];
    const errors: unknown[] = [];
    let failNext = true;
    const checkpointing = startCheckpointing(store, {
      storeId: 'test',
      privateKey: keys.privateKey,
      every: { ms: 10 },
      previous: start,
      onError: (error) => errors.push(error),
      sink: ({ checkpoint }) => {
        if (failNext) {
          failNext = false;
          throw new Error('the disk is full');
        }
        kept.push(checkpoint);
      },
    });
    await sleep(40);
    expect(kept).toHaveLength(0); // nothing appended since `start`
    await store.appendToStream('a', newEvents(1));
    await until(() => errors.length === 1);
    expect(kept).toHaveLength(0);
    await store.appendToStream('b', newEvents(1));
    await until(() => kept.length === 1);
    await checkpointing.stop();
    expect(errors).toEqual([new Error('the disk is full')]);
    expect(kept[0]).toMatchObject({ position: '4' });
    expect(verifyCheckpointChain([start, ...kept], { publicKey: keys.publicKey })).toEqual(E.right({ checkpoints: 2, last: kept[0] }));
    expect(() => startCheckpointing(store, { storeId: 'test', privateKey: keys.privateKey, every: {}, sink: () => undefined })).toThrow(RangeError);
  });
});

describe('verifyCheckpointChain', () => {
  it('names a checkpoint removed, reordered, edited, signed by another key, or going back', async () => {
    const store = getInMemoryEventStore();
    const kept: Checkpoint[] = [];
    const checkpointing = startCheckpointing(store, { storeId: 'test', privateKey: keys.privateKey, every: { events: 1_000 }, sink: ({ checkpoint }) => void kept.push(checkpoint) });
    for (let i = 0; i < 4; i++) {
      await store.appendToStream(`s${i}`, newEvents(2));
      await checkpointing.checkpointNow();
    }
    await checkpointing.stop();
    const [a, b, c, d] = kept as [Checkpoint, Checkpoint, Checkpoint, Checkpoint];
    const breaks = (chain: Checkpoint[], publicKey = keys.publicKey) => {
      const result = verifyCheckpointChain(chain, { publicKey });
      return E.isLeft(result) ? result.left.map(({ kind, index }) => ({ kind, index })) : [];
    };
    expect(breaks([a, b, c, d])).toEqual([]);
    expect(breaks([a, c, d])).toEqual([{ kind: 'previousDiffers', index: 1 }]);
    expect(breaks([a, c, b, d])).toEqual([
      { kind: 'previousDiffers', index: 1 },
      { kind: 'previousDiffers', index: 2 },
      { kind: 'wentBack', index: 2 },
      { kind: 'previousDiffers', index: 3 },
    ]);
    expect(breaks([a, { ...b, events: 1 }, c])).toEqual([
      { kind: 'signatureInvalid', index: 1 },
      { kind: 'wentBack', index: 1 },
      { kind: 'previousDiffers', index: 2 },
    ]);
    expect(breaks([a, b], otherKeys.publicKey)).toEqual([
      { kind: 'keyDiffers', index: 0 },
      { kind: 'keyDiffers', index: 1 },
    ]);
    expect(E.isLeft(verifyCheckpointChain([b, c], { publicKey: keys.publicKey, previous: d }))).toBe(true);
    expect(E.isRight(verifyCheckpointChain([b, c], { publicKey: keys.publicKey, previous: a }))).toBe(true);
  });
});
