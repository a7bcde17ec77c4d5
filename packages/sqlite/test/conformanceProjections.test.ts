import { afterAll } from 'vitest';
import { projectionStoreConformance } from '@casefold/engine/testing';
import { getSqliteEventStore } from '@casefold/sqlite';
import { tempDir } from './support/fixtures.js';

const dir = tempDir();
afterAll(() => dir.remove());
let files = 0;

// The suite unchanged, on a real file per test with the default durability (FULL).
projectionStoreConformance('sqlite file', () => {
  const store = getSqliteEventStore({ fileName: dir.file(`projections-${(files += 1)}.db`) });
  return Promise.resolve({ projectionStore: store.projections, teardown: () => store.close() });
});
