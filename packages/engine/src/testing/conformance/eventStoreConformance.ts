import { describe } from 'vitest';
import { appendConformance } from './appendConformance.js';
import { auditConformance } from './auditConformance.js';
import { commandConformance } from './commandConformance.js';
import { useFixture, type ConformanceOptions, type EventStoreFactory } from './fixture.js';
import { largeStreamConformance } from './largeStreamConformance.js';
import { lifecycleConformance } from './lifecycleConformance.js';
import { readConformance } from './readConformance.js';
import { storedReadConformance } from './storedReadConformance.js';
import { streamFilterConformance } from './streamFilterConformance.js';
import { subscriptionConformance } from './subscriptionConformance.js';

/**
 * Registers the event-store conformance suite (vitest `describe`/`it` blocks) for one
 * adapter: every expected-revision case, atomic appends, reads in both directions and from
 * a revision, whole-store order and resumption (also under concurrent writers), missing
 * streams, JSON round trips, stored reads (when the store offers them), reads and
 * subscriptions narrowed to a stream prefix, catch-up-then-live subscriptions, idempotent and concurrent
 * commands through `handleCommand`, a valid and independently recomputable hash chain,
 * undecodable events (with the factory's `corrupt` hook), a large stream read in bounded
 * memory, and closing. Call it at the top level of a test file.
 *
 * @example
 * eventStoreConformance('sqlite', async () => {
 *   const store = openSqliteEventStore(':memory:');
 *   return { store, corrupt: (streamId, revision) => corruptRow(store, streamId, revision) };
 * });
 */
export const eventStoreConformance = (name: string, factory: EventStoreFactory, options?: ConformanceOptions): void => {
  const numRuns = options?.numRuns ?? 1_000;
  describe(`event store conformance: ${name}`, () => {
    describe('with a fresh fixture per test', () => {
      const fixture = useFixture(factory, (f) => f.store.close());
      appendConformance(fixture, numRuns);
      readConformance(fixture, numRuns);
      storedReadConformance(fixture, numRuns);
      streamFilterConformance(fixture, numRuns);
      subscriptionConformance(fixture);
      commandConformance(fixture);
      auditConformance(fixture);
      largeStreamConformance(fixture, options?.largeStreamEvents ?? 100_000);
    });
    lifecycleConformance(factory);
  });
};
