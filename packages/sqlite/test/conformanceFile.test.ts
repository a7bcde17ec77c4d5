import { afterAll } from 'vitest';
import { eventStoreConformance } from '@casefold/engine/testing';
import { getSqliteEventStore } from '@casefold/sqlite';
import { corruptRow } from './support/corruptRow.js';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());
let files = 0;

// The suite unchanged, a real file per test (WAL; synchronous NORMAL keeps the 1,000-run
// properties fast: durability is not what they test — see writerCrash.test.ts for that).
eventStoreConformance('sqlite file', () => {
  const store = getSqliteEventStore({ fileName: dir.file(`conformance-${(files += 1)}.db`), synchronous: 'NORMAL' });
  return Promise.resolve({ store, corrupt: corruptRow(store) });
});
