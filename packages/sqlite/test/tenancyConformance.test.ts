import { afterAll } from 'vitest';
import { tenantStore } from '@casefold/engine';
import { newEvent, rowProjectionStoreConformance, storeConformance } from '@casefold/engine/testing';
import { openSqliteStore } from '@casefold/sqlite';
import { corruptRow } from './support/corruptRow.js';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());
let files = 0;

/** A shared SQLite file where another tenant already keeps a case under the same stream id the suites may use, and the view of tenant 'xishan'. */
const sharedWithNeighbour = async () => {
  const shared = await openSqliteStore({ fileName: dir.file(`tenants-${(files += 1)}.db`), synchronous: 'NORMAL' });
  const neighbour = tenantStore(shared, 'guandu');
  await neighbour.events.appendToStream('case-1', [newEvent({ amount: 99 })]);
  await neighbour.settings.write('directory', { units: ['guandu'] });
  return { shared, store: tenantStore(shared, 'xishan') };
};

// Every suite, unchanged, on one tenant's view of a shared file: the view is a store.
storeConformance('a tenant of a shared sqlite file', async () => {
  const { shared, store } = await sharedWithNeighbour();
  return { store, corrupt: (streamId, revision) => corruptRow(shared.events)(`xishan/${streamId}`, revision), teardown: () => shared.close() };
});

rowProjectionStoreConformance(
  'a tenant of a shared sqlite file',
  async () => {
    const { shared, store } = await sharedWithNeighbour();
    return { rowStore: store.rowProjections, projections: store.projections, teardown: () => shared.close() };
  },
  { sharedNames: true },
);
