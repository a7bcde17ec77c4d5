/**
 * `@casefold/engine/testing` — the store conformance suites every adapter runs unchanged,
 * the counter domain they use, given/when/then specifications for deciders and
 * projections, and the crypto-shredding check of a store's and keystore's storage
 * (`shredSample`). Written for vitest and fast-check (optional peer dependencies of this
 * package, needed only by who imports this subpath).
 */
export type { EventStoreFixture, EventStoreFactory, ConformanceOptions } from './conformance/fixture.js';
export {
  type CounterEvent,
  type IncrementCounter,
  type CounterContext,
  type CounterRejection,
  type CounterState,
  counterDecider,
  counterCodec,
  newEvent,
  newEvents,
} from './conformance/counterDomain.js';
export { eventStoreConformance } from './conformance/eventStoreConformance.js';
export { type ProjectionStoreFixture, type ProjectionStoreFactory, projectionStoreConformance } from './conformance/projectionStoreConformance.js';
export { type StoreFixture, type StoreFactory, storeConformance } from './conformance/storeConformance.js';
export {
  type RowProjectionStoreConformanceOptions,
  type RowProjectionStoreFixture,
  type RowProjectionStoreFactory,
  rowProjectionStoreConformance,
} from './conformance/rowProjectionStoreConformance.js';
export { type RejectionCodeOf, type DeciderThen, type DeciderWhen, type DeciderGiven, DeciderSpecification } from './specifications/deciderSpecification.js';
export { type ProjectionThen, type ProjectionGiven, envelopesOfStreams, envelopesOf, ProjectionSpecification } from './specifications/projectionSpecification.js';
export { type ShredSampleOptions, type ShredSampleResult, shredSample, expectNoTraceOf, expectErasedOnRead } from './shredding/shredSample.js';
export { type InMemoryStoreTampering, tamperWithInMemoryStore } from '../eventStore/inMemoryTampering.js';
