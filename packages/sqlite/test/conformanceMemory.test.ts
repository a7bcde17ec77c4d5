import { storeConformance } from '@casefold/engine/testing';
import { openSqliteStore } from '@casefold/sqlite';
import { corruptRow } from './support/corruptRow.js';

// The suites unchanged, through the one contract (openSqliteStore), on a private in-memory database per test.
storeConformance('sqlite :memory:', async () => {
  const store = await openSqliteStore({ fileName: ':memory:' });
  return { store, corrupt: corruptRow(store.events) };
});
