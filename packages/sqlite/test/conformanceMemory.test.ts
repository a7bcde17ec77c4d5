import { eventStoreConformance } from '@casefold/engine/testing';
import { getSqliteEventStore } from '@casefold/sqlite';
import { corruptRow } from './support/corruptRow.js';

// The suite unchanged, on a private in-memory database per test.
eventStoreConformance('sqlite :memory:', () => {
  const store = getSqliteEventStore({ fileName: ':memory:' });
  return Promise.resolve({ store, corrupt: corruptRow(store) });
});
