import { tenantStore } from '@casefold/engine';
import { newEvent, rowProjectionStoreConformance, storeConformance } from '@casefold/engine/testing';
import { openPostgresStore } from '../src/index.js';
import { TEST_VISIBILITY_WAIT_MS, databaseUrl, sql, uniqueSchema } from './support/testStore.js';

/** A shared schema on the real server where another tenant already keeps a case of the same stream id, and the view of tenant 'xishan'. */
const sharedWithNeighbour = async () => {
  const schema = uniqueSchema('tenants');
  const shared = await openPostgresStore({ connectionString: databaseUrl(), pool: { max: 4 }, visibilityWaitMs: TEST_VISIBILITY_WAIT_MS, schema });
  await tenantStore(shared, 'guandu').events.appendToStream('case-1', [newEvent({ amount: 99 })]);
  const teardown = async (): Promise<void> => {
    await shared.close();
    await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  };
  return { schema, store: tenantStore(shared, 'xishan'), teardown };
};

// Every suite, unchanged, on one tenant's view of a shared PostgreSQL schema.
storeConformance('a tenant of a shared postgres schema', async () => {
  const { schema, store, teardown } = await sharedWithNeighbour();
  return {
    store,
    corrupt: async (streamId, revision) => {
      await sql(`UPDATE "${schema}".events SET data = '"not a counter event"' WHERE stream_id = $1 AND revision = $2`, [`xishan/${streamId}`, revision.toString()]);
    },
    teardown,
  };
});

rowProjectionStoreConformance(
  'a tenant of a shared postgres schema',
  async () => {
    const { store, teardown } = await sharedWithNeighbour();
    return { rowStore: store.rowProjections, projections: store.projections, teardown };
  },
  { sharedNames: true },
);
