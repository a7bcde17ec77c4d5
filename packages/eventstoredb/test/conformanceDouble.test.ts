import { storeConformance } from '@casefold/engine/testing';
import { startEventStoreDouble } from './double/eventStoreDouble.js';
import { openTestStore } from './support/testStore.js';

// The suites unchanged, through the one contract (openEventStoreDbStore), against the in-repo
// protocol double: a fresh double per test (its $all holds only the server's own system
// events and that test's), read models in a SQLite :memory: store.
storeConformance(
  'eventstoredb (protocol double)',
  async () => {
    const double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString);
    return {
      store,
      // A bad manual edit: the event's data no longer has the shape its type promises.
      corrupt: async (streamId, revision) => double.log.corrupt(store.prefix + streamId, revision, { data: Buffer.from('"not a counter event"') }),
      teardown: () => double.stop(),
    };
  },
  { numRuns: Number(process.env.CONFORMANCE_RUNS ?? 1_000) },
);
