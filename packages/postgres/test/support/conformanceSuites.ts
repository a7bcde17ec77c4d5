import { storeConformance } from '@casefold/engine/testing';
import { openPostgresStore } from '../../src/index.js';
import type { PostgresStoreOptions } from '../../src/index.js';
import { TEST_VISIBILITY_WAIT_MS, databaseUrl, sql, uniqueSchema } from './testStore.js';

/**
 * The shared conformance suites, unchanged, through the one contract (`openPostgresStore`) on
 * a real PostgreSQL server. Each test gets a schema of its own (whole-store checks such as
 * `verifyAll` and "a subscription ends at close" assume the store holds only that test's
 * events), dropped afterwards.
 */
export const runConformance = (label: string, options: Partial<PostgresStoreOptions>): void => {
  storeConformance(label, async () => {
    const schema = uniqueSchema('conformance');
    const store = await openPostgresStore({ connectionString: databaseUrl(), pool: { max: 4 }, visibilityWaitMs: TEST_VISIBILITY_WAIT_MS, ...options, schema });
    return {
      store,
      // A bad manual edit: the event's data no longer has the shape its type promises.
      corrupt: async (streamId, revision) => {
        await sql(`UPDATE "${schema}".events SET data = '"not a counter event"' WHERE stream_id = $1 AND revision = $2`, [streamId, revision.toString()]);
      },
      teardown: async () => {
        await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      },
    };
  });
};
