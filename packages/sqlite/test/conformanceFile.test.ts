import { afterAll } from 'vitest';
import { storeConformance } from '@casefold/engine/testing';
import { openSqliteStore } from '@casefold/sqlite';
import { corruptRow } from './support/corruptRow.js';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());
let files = 0;

// The suites unchanged, through the one contract (openSqliteStore), a real file per test (WAL;
// synchronous NORMAL keeps the 1,000-run properties fast: durability is not what they test —
// see writerCrash.test.ts and projectionCrash.test.ts for that).
storeConformance('sqlite file', async () => {
  const store = await openSqliteStore({ fileName: dir.file(`conformance-${(files += 1)}.db`), synchronous: 'NORMAL' });
  return { store, corrupt: corruptRow(store.events) };
});
