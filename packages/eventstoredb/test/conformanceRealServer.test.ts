import { it } from 'vitest';
import { storeConformance } from '@casefold/engine/testing';
import { REAL_SERVER_SKIPPED, openTestStore, realServerUrl } from './support/testStore.js';

// The same suites, unchanged, against a real EventStoreDB/KurrentDB server when EVENTSTORE_URL
// is set (docs/eventstoredb.md gives the command). Each test's store has a stream prefix of
// its own, so tests never see each other's events on the shared server. A real server's
// events cannot be damaged from outside, so the corrupt-event case skips with its note.
if (realServerUrl === undefined) {
  it.skip(`conformance against a real EventStoreDB/KurrentDB server — ${REAL_SERVER_SKIPPED}`, () => undefined);
} else {
  const url = realServerUrl;
  storeConformance('eventstoredb (real server at EVENTSTORE_URL)', async () => ({ store: await openTestStore(url) }), {
    numRuns: Number(process.env.CONFORMANCE_RUNS ?? 1_000),
  });
}
