import { counterCodec, counterDecider, newEvent, newEvents } from '@casefold/engine/testing';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  InvalidStoreOptionError,
  StoreUnavailableError,
  aggregateStream,
  getInMemoryEventStore,
  isCasefoldError,
  isInvalidStoreOptionError,
  isProjectionRecordCorruptError,
  isStoreUnavailableError,
} from '../../src/index.js';
import { allRangeOf, appendWaiter, integerOption, projectionRecordOf, projectionStateJsonOf, recordedEventOfRow, storedEventOfRow, streamRangeOf, type EventRow } from '../../src/adapter/index.js';
import { tamperWithInMemoryStore } from '../../src/eventStore/inMemoryTampering.js';

describe('one error base class and one guard', () => {
  it('isCasefoldError recognises a kind by brand and name, and a look-alike without the brand is not one', () => {
    const error = new StoreUnavailableError('append');
    expect(isCasefoldError(error)).toBe(true);
    expect(isCasefoldError(error, 'StoreUnavailableError')).toBe(true);
    expect(isCasefoldError(error, 'StoreClosedError')).toBe(false);
    expect(isStoreUnavailableError(error)).toBe(true);
    const lookAlike = Object.assign(new Error('x'), { name: 'StoreUnavailableError' });
    expect(isCasefoldError(lookAlike, 'StoreUnavailableError')).toBe(false);
    expect(isCasefoldError(null)).toBe(false);
  });
});

describe('store options', () => {
  it('an option out of range or of the wrong type is InvalidStoreOptionError naming it, the value and what is allowed', () => {
    const outOfRange = (): number => integerOption('pollIntervalMs', 2 ** 31, 50, 1, 2 ** 31 - 1);
    expect(outOfRange).toThrow(InvalidStoreOptionError);
    expect(outOfRange).toThrow("Invalid store option 'pollIntervalMs': must be a whole number from 1 to 2147483647, got 2147483648");
    let wrongType: unknown;
    try {
      integerOption('pageSize', '10', 1_000, 1);
    } catch (error) {
      wrongType = error;
    }
    expect(isInvalidStoreOptionError(wrongType) && wrongType.reason).toBe("must be a whole number ≥ 1, got '10' (a string)");
    expect(integerOption('pageSize', undefined, 1_000, 1)).toBe(1_000);
  });
});

describe('read options, normalised once for every adapter', () => {
  it('fills in the defaults, clamps bounds to 64 bits and rounds maxCount up', () => {
    expect(streamRangeOf(undefined)).toEqual({ backwards: false, fromRevision: 0n, maxCount: Number.POSITIVE_INFINITY });
    expect(streamRangeOf({ direction: 'backwards', maxCount: 1.2 })).toEqual({ backwards: true, fromRevision: 2n ** 63n - 1n, maxCount: 2 });
    expect(streamRangeOf({ fromRevision: 2n ** 70n, maxCount: -3 })).toEqual({ backwards: false, fromRevision: 2n ** 63n - 1n, maxCount: 0 });
    expect(allRangeOf({ fromPosition: -(2n ** 70n) })).toEqual({ fromPosition: -(2n ** 63n - 1n), maxCount: Number.POSITIVE_INFINITY, streamPrefix: '' });
    expect(allRangeOf({ streamPrefix: 'xishan/' })).toEqual({ fromPosition: 0n, maxCount: Number.POSITIVE_INFINITY, streamPrefix: 'xishan/' });
  });
});

describe('rows and records', () => {
  const row: EventRow = ['7', 's-1', '2', 'e-1', 'Incremented', '{"amount":1}', '{"commandId":"c"}', '0'.repeat(64), 'a'.repeat(64)];

  it('an event row with text or bigint numbers is the same stored event', () => {
    const fromText = storedEventOfRow(row);
    expect(fromText).toEqual(storedEventOfRow([7n, 's-1', 2n, ...row.slice(3)] as unknown as EventRow));
    expect(fromText).toMatchObject({ position: 7n, revision: 2n, dataJson: '{"amount":1}' });
    expect(recordedEventOfRow(row).data).toEqual({ amount: 1 });
  });

  it('a projection record whose state is not JSON, or whose version is not a safe integer, is ProjectionRecordCorruptError', () => {
    expect(projectionRecordOf('p', '3', '9', '{"a":1}')).toEqual({ name: 'p', version: 3, position: 9n, state: { a: 1 } });
    for (const bad of [() => projectionRecordOf('p', 1n, 0n, '{'), () => projectionRecordOf('p', 2n ** 60n, 0n, '{}')]) {
      let error: unknown;
      try {
        bad();
      } catch (e) {
        error = e;
      }
      expect(isProjectionRecordCorruptError(error)).toBe(true);
    }
    expect(() => projectionStateJsonOf({ name: 'p', version: 1, position: 0n, state: undefined as never })).toThrow(TypeError);
  });
});

describe('appendWaiter', () => {
  it('a signal during a read is kept for the next wait; a wait without one ends after its time; close wakes for good', async () => {
    const waiter = appendWaiter();
    waiter.notify();
    const started = performance.now();
    await waiter.wait(10_000);
    expect(performance.now() - started).toBeLessThan(1_000);
    waiter.clear();
    const timed = performance.now();
    await waiter.wait(30);
    expect(performance.now() - timed).toBeGreaterThanOrEqual(25);
    const pending = waiter.wait(10_000);
    waiter.close();
    await pending;
    await waiter.wait(10_000);
  });
});

describe('aggregateStream', () => {
  it('folds a stream into a state with its last revision; a missing stream gives the initial state and null', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('c', newEvents(3));
    const loaded = await aggregateStream(store, 'c', { codec: counterCodec, initialState: counterDecider.initialState, evolve: counterDecider.evolve });
    expect(loaded).toEqual(E.right({ state: { total: 6, increments: 3 }, revision: 2n }));
    const after = await aggregateStream(store, 'c', { codec: counterCodec, initialState: { total: 100, increments: 0 }, evolve: counterDecider.evolve, fromRevision: 2n });
    expect(after).toEqual(E.right({ state: { total: 103, increments: 1 }, revision: 2n }));
    expect(await aggregateStream(store, 'none', { codec: counterCodec, initialState: counterDecider.initialState, evolve: counterDecider.evolve })).toEqual(
      E.right({ state: counterDecider.initialState, revision: null }),
    );
  });

  it('stops at the first event that does not decode and returns its EventDecodeError', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('c', [newEvent(), newEvent()]);
    tamperWithInMemoryStore(store).changeEvent('c', 1n, (event) => ({ ...event, data: { amount: 'x' } }));
    const loaded = await aggregateStream(store, 'c', { codec: counterCodec, initialState: counterDecider.initialState, evolve: counterDecider.evolve });
    expect(E.isLeft(loaded) && loaded.left.revision).toBe(1n);
  });
});
