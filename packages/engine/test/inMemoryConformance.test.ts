import { eventStoreConformance } from '@casefold/engine/testing';
import { getInMemoryEventStore, tamperWithInMemoryStore } from '../src/index.js';

eventStoreConformance('in-memory', () => {
  const store = getInMemoryEventStore();
  const tampering = tamperWithInMemoryStore(store);
  return Promise.resolve({
    store,
    corrupt: (streamId: string, revision: bigint) => {
      tampering.changeEvent(streamId, revision, (event) => ({ ...event, data: { amount: 'not a number' } }));
      return Promise.resolve();
    },
  });
});
