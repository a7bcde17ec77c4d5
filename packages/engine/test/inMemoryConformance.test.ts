import { storeConformance } from '@casefold/engine/testing';
import { openInMemoryStore } from '../src/index.js';
import { tamperWithInMemoryStore } from '../src/eventStore/inMemoryTampering.js';

// The suites unchanged, through the contract every adapter's opener returns.
storeConformance('in-memory', async () => {
  const store = await openInMemoryStore();
  const tampering = tamperWithInMemoryStore(store.events);
  return {
    store,
    corrupt: (streamId: string, revision: bigint) => {
      tampering.changeEvent(streamId, revision, (event) => ({ ...event, data: { amount: 'not a number' } }));
      return Promise.resolve();
    },
  };
});
