import { isStoreClosedError, type EventStore } from '../../index.js';
import { describe, expect, it } from 'vitest';
import { newEvent, uniqueId } from './counterDomain.js';
import { collect } from './fixture.js';

const closedError = async (operation: () => Promise<unknown>): Promise<unknown> => {
  try {
    await operation();
  } catch (error) {
    return error;
  }
  return new Error('the operation succeeded on a closed store');
};

/** A closed store refuses work with StoreClosedError, and ends its subscriptions. */
export const lifecycleConformance = (open: () => Promise<{ readonly store: EventStore; readonly teardown?: () => Promise<void> }>): void => {
  describe('closing', () => {
    it('after close(), appends, reads (stored reads too) and readLastPosition reject with StoreClosedError and subscriptions end', async () => {
      const { store, teardown } = await open();
      try {
        const streamId = uniqueId('s');
        await store.appendToStream(streamId, [newEvent()]);
        const subscription = store.subscribeToAll();
        const iterator = subscription[Symbol.asyncIterator]();
        await iterator.next();
        const pending = iterator.next();
        await store.close();
        expect((await pending).done).toBe(true);
        for (const operation of [
          () => store.appendToStream(streamId, [newEvent()]),
          () => collect(store.readStream(streamId)),
          () => collect(store.readAll()),
          () => store.readLastPosition(),
          // Stored reads too, where the store offers them.
          ...(store.readStoredStream === undefined ? [] : [() => collect(store.readStoredStream!(streamId))]),
          ...(store.readStoredAll === undefined ? [] : [() => collect(store.readStoredAll!())]),
        ]) {
          const error = await closedError(operation);
          expect(isStoreClosedError(error), String(error)).toBe(true);
        }
      } finally {
        await teardown?.();
      }
    });
  });
};
