import { parseStoredEvent, type EventStore, type Json, type NewEvent, type RecordedEvent, type StoredEvent } from '../../index.js';
import fc from 'fast-check';
import { afterEach, beforeEach } from 'vitest';
import { newEvent } from './counterDomain.js';

/** What a store factory hands the conformance suite for one test. */
export interface EventStoreFixture {
  /** A store; the suite closes it after the test. A shared database is fine: the suite uses fresh stream ids and start positions. */
  readonly store: EventStore;
  /**
   * Makes the stored data of one event unreadable, as disk corruption or a bad manual edit
   * would (e.g. invalid JSON in its column, or a different shape). Optional: without it the
   * corrupt-event case is skipped with a visible note.
   */
  readonly corrupt?: (streamId: string, revision: bigint) => Promise<void>;
  /** Releases what the fixture holds (files, schemas, servers), after the store is closed. */
  readonly teardown?: () => Promise<void>;
}

/**
 * What the store puts before each stream id in what it keeps, and so in what the hashes cover
 * (`EventStore.storedStreamPrefix`): `''` for an adapter, a tenant's `xishan/` for a tenant's
 * view. Stored reads hand out stream ids with it, and the longest stream id the store takes is
 * that many bytes shorter than `MAX_ID_BYTES`.
 */
export const storedPrefixOf = (store: EventStore): string => store.storedStreamPrefix ?? '';

/** Makes a fresh fixture per test. */
export type EventStoreFactory = () => Promise<EventStoreFixture>;

/** Knobs of the conformance suites. */
export interface ConformanceOptions {
  /** Runs per property. Defaults to 1,000 (the project's minimum in CI). */
  readonly numRuns?: number;
  /** Events in the large-stream memory case. Defaults to 100,000. */
  readonly largeStreamEvents?: number;
}

/** Registers per-test setup and teardown; the returned function gives the current test's fixture. */
export const useFixture = <F extends { readonly teardown?: () => Promise<void> }>(factory: () => Promise<F>, close: (fixture: F) => Promise<void>): (() => F) => {
  let current: F | null = null;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const fixture = current;
    current = null;
    if (fixture === null) return;
    try {
      await close(fixture);
    } finally {
      await fixture.teardown?.();
    }
  });
  return () => {
    if (current === null) throw new Error('conformance: no fixture; the factory failed or the test runs outside the suite');
    return current;
  };
};

/** A stored event parsed, with its stream id as the store's callers name it (without its {@link storedPrefixOf}). */
export const parsedAsCalled = (store: EventStore, stored: StoredEvent): RecordedEvent => {
  const event = parseStoredEvent(stored);
  return { ...event, streamId: event.streamId.slice(storedPrefixOf(store).length) };
};

/** Every item of an async iterable, in order. */
export const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
  const result: T[] = [];
  for await (const item of items) result.push(item);
  return result;
};

/** The position of the store's last event now, found by appending a marker event to a fresh stream. */
export const markPosition = async (store: EventStore, marker: NewEvent): Promise<bigint> =>
  (await store.appendToStream(`marker-${marker.eventId}`, [marker], { expectedRevision: 'no_stream' })).lastPosition;

/** Events of type `Any` with any JSON data and extra metadata members (nested up to `maxDepth`), besides the engine's own. */
export const anyJsonEvent = (maxDepth: number): fc.Arbitrary<NewEvent> => {
  const json = fc.jsonValue({ stringUnit: 'grapheme', maxDepth });
  return fc.tuple(json, fc.dictionary(fc.string({ unit: 'grapheme' }), json, { maxKeys: 4 })).map(([data, extra]) => {
    const base = newEvent();
    return { ...base, type: 'Any', data: data as Json, metadata: { ...(extra as Record<string, Json>), ...base.metadata } };
  });
};
