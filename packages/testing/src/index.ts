/**
 * @casefold/testing — one import for the whole test kit, for users who prefer it: the store
 * conformance suites and given/when/then specifications of `@casefold/engine/testing`.
 * The fast-check arbitraries are at `@casefold/testing/arbitraries` (from
 * `@casefold/core/testing`). A leaf package: no casefold package depends on it; each
 * package's own tests import the kit from the package's `testing` subpath.
 */
export {
  type EventStoreFixture,
  type EventStoreFactory,
  type ConformanceOptions,
  type CounterEvent,
  type IncrementCounter,
  type CounterContext,
  type CounterRejection,
  type CounterState,
  counterDecider,
  counterCodec,
  newEvent,
  newEvents,
  eventStoreConformance,
  type ProjectionStoreFixture,
  type ProjectionStoreFactory,
  projectionStoreConformance,
  type StoreFixture,
  type StoreFactory,
  storeConformance,
  type RejectionCodeOf,
  type DeciderThen,
  type DeciderWhen,
  type DeciderGiven,
  DeciderSpecification,
  type ProjectionThen,
  type ProjectionGiven,
  envelopesOfStreams,
  envelopesOf,
  ProjectionSpecification,
  type ShredSampleOptions,
  type ShredSampleResult,
  shredSample,
  expectNoTraceOf,
  expectErasedOnRead,
  type InMemoryStoreTampering,
  tamperWithInMemoryStore,
} from '@casefold/engine/testing';
