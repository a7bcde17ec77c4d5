import { storeConformance } from '@casefold/engine/testing';
import { openInMemoryStore, tenantStore } from '../src/index.js';
import { tamperWithInMemoryStore } from '../src/eventStore/inMemoryTampering.js';
import { newEvent } from '../src/testing/conformance/counterDomain.js';

// Every suite, unchanged, on one tenant's view of a shared in-memory store where a neighbour
// tenant already keeps a stream of the same id.
storeConformance('a tenant of a shared in-memory store', async () => {
  const shared = await openInMemoryStore();
  await tenantStore(shared, 'guandu').events.appendToStream('case-1', [newEvent({ amount: 99 })]);
  const tampering = tamperWithInMemoryStore(shared.events);
  return {
    store: tenantStore(shared, 'xishan'),
    corrupt: (streamId: string, revision: bigint) => {
      tampering.changeEvent(`xishan/${streamId}`, revision, (event) => ({ ...event, data: { amount: 'not a number' } }));
      return Promise.resolve();
    },
    teardown: () => shared.close(),
  };
});
