import { rowProjectionStoreConformance } from '@casefold/engine/testing';
import { openPostgresStore } from '@casefold/postgres';
import { databaseUrl, openTestStore, sql } from './support/testStore.js';

// The shared suite, unchanged, on the real server of the test setup: a schema per test.
rowProjectionStoreConformance(
  'postgres',
  async () => {
    const store = await openTestStore({ pool: { max: 4 } });
    const behindTheBack = {
      dropTable: async (name: string) => void (await sql(`DROP TABLE "${store.schema}"."rows_${name}"`)),
      setInteger: async (name: string, key: string, column: string, value: string) =>
        void (await sql(`UPDATE "${store.schema}"."rows_${name}" SET "${column}" = $1::int8 WHERE id = $2`, [value, key])),
      reopen: async () => {
        const other = await openPostgresStore({ connectionString: databaseUrl(), schema: store.schema });
        return { rowStore: other.rowProjections, close: () => other.close() };
      },
    };
    return { rowStore: store.rowProjections, projections: store.projections, behindTheBack, teardown: () => store.dispose() };
  },
  { tables: true, sharedNames: true },
);
