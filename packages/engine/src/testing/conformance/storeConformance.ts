import type { CasefoldStore } from '../../index.js';
import { describe, expect, it } from 'vitest';
import { eventStoreConformance } from './eventStoreConformance.js';
import { newEvent, uniqueId } from './counterDomain.js';
import type { ConformanceOptions } from './fixture.js';
import { useFixture } from './fixture.js';
import { projectionStoreConformance } from './projectionStoreConformance.js';
import { settingsConformance } from './settingsConformance.js';

/** What a store factory hands {@link storeConformance} for one test. */
export interface StoreFixture {
  /** A store as an adapter's opener returns it; the suite closes it after the test. */
  readonly store: CasefoldStore;
  /** As in the event-store suite: makes one stored event unreadable (optional). */
  readonly corrupt?: (streamId: string, revision: bigint) => Promise<void>;
  /** Releases what the fixture holds (files, schemas), after the store is closed. */
  readonly teardown?: () => Promise<void>;
}

/** Opens a fresh store per test, through the adapter's opener (`openSqliteStore`, `openPostgresStore`, `openInMemoryStore`). */
export type StoreFactory = () => Promise<StoreFixture>;

/**
 * Registers every conformance suite for one adapter through the one contract every opener
 * returns ({@link CasefoldStore}): the event-store suite on `events`, the projection-store
 * suite on `projections`, the settings suite on `settings`, and `readLastPosition`/`close`
 * of the store itself. Call it at the top level of a test file.
 *
 * @example
 * storeConformance('sqlite', async () => ({ store: await openSqliteStore({ fileName: ':memory:' }) }));
 */
export const storeConformance = (name: string, factory: StoreFactory, options?: ConformanceOptions): void => {
  eventStoreConformance(
    name,
    async () => {
      const { store, corrupt, teardown } = await factory();
      return {
        store: store.events,
        ...(corrupt === undefined ? {} : { corrupt }),
        teardown: async () => {
          await store.close();
          await teardown?.();
        },
      };
    },
    options,
  );
  projectionStoreConformance(
    name,
    async () => {
      const { store, teardown } = await factory();
      return {
        projectionStore: store.projections,
        teardown: async () => {
          await store.close();
          await teardown?.();
        },
      };
    },
    options,
  );
  describe(`store conformance: ${name}`, () => {
    const fixture = useFixture(factory, (f) => f.store.close());
    settingsConformance(() => fixture().store.settings, options?.numRuns ?? 1_000);

    it('readLastPosition() of the store is that of its events; close() closes the events too', async () => {
      const { store } = fixture();
      const appended = await store.events.appendToStream(uniqueId('s'), [newEvent()]);
      expect(await store.readLastPosition()).toBe(appended.lastPosition);
      await store.close();
      await expect(store.events.appendToStream(uniqueId('s'), [newEvent()])).rejects.toMatchObject({ name: 'StoreClosedError' });
    });
  });
};
