import { eventStoreConformance, projectionStoreConformance } from '@casefold/engine/testing';
import { getPostgresEventStore } from '../../src/index.js';
import type { PostgresEventStoreOptions } from '../../src/index.js';
import { TEST_VISIBILITY_WAIT_MILLIS, databaseUrl, sql, uniqueSchema } from './testStore.js';

/**
 * The shared conformance suites, unchanged, on a real PostgreSQL server. Each test gets a
 * schema of its own (whole-store checks such as `verifyAll` and "a subscription ends at
 * close" assume the store holds only that test's events), dropped afterwards.
 */
export const runConformance = (label: string, options: Partial<PostgresEventStoreOptions>, suites: { readonly projections: boolean }): void => {
  const open = async () => {
    const schema = uniqueSchema('conformance');
    const opened = await getPostgresEventStore({ connectionString: databaseUrl(), pool: { max: 4 }, visibilityWaitMillis: TEST_VISIBILITY_WAIT_MILLIS, ...options, schema });
    return { ...opened, drop: () => sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`), schema };
  };

  eventStoreConformance(label, async () => {
    const { eventStore, drop, schema } = await open();
    return {
      store: eventStore,
      // A bad manual edit: the event's data no longer has the shape its type promises.
      corrupt: async (streamId, revision) => {
        await sql(`UPDATE "${schema}".events SET data = '"not a counter event"' WHERE stream_id = $1 AND revision = $2`, [streamId, revision.toString()]);
      },
      teardown: async () => {
        await drop();
      },
    };
  });

  if (!suites.projections) return;
  projectionStoreConformance(label, async () => {
    const { projectionStore, close, drop } = await open();
    return {
      projectionStore,
      teardown: async () => {
        await close();
        await drop();
      },
    };
  });
};
