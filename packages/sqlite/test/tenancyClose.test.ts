import { type CasefoldStore, isStoreClosedError, tenantStore } from '@casefold/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../src/index.js';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());

/** The operations a closed store must refuse (CasefoldStore.close: "the store refuses every later operation"), besides its events. */
const laterOperations = (store: CasefoldStore): Record<string, () => Promise<unknown>> => ({
  'settings.write': () => store.settings.write('directory', { units: [] }),
  'settings.read': () => store.settings.read('directory'),
  'projections.load': () => store.projections.load('caseBoard'),
  'projections.commit': () => store.projections.commit({ name: 'caseBoard', version: 1, position: 0n, state: { n: 1 } }, null),
  'projections.delete': () => store.projections.delete('caseBoard'),
});

describe('a closed tenant view', () => {
  it('refuses its settings and read models as it refuses its events (docs/tenancy.md: "later calls fail with StoreClosedError"); nothing is written', async () => {
    const shared = await openSqliteStore({ fileName: dir.file('closed-view.db') });
    try {
      const xishan = tenantStore(shared, 'xishan');
      await xishan.close();
      // The events are refused, as documented.
      await expect(xishan.readLastPosition()).rejects.toSatisfy(isStoreClosedError);
      const outcomes: Record<string, string> = {};
      for (const [operation, run] of Object.entries(laterOperations(xishan))) {
        outcomes[operation] = await run().then(
          () => 'done',
          (error: unknown) => (isStoreClosedError(error) ? 'StoreClosedError' : String(error)),
        );
      }
      expect(outcomes).toEqual(Object.fromEntries(Object.keys(outcomes).map((operation) => [operation, 'StoreClosedError'])));
      // Nothing reached the shared store through the closed view.
      expect(await shared.settings.read('xishan__directory')).toBeNull();
      expect(await shared.projections.load('xishan__caseBoard')).toBeNull();
    } finally {
      await shared.close();
    }
  });
});
