/**
 * `@casefold/engine/testing` — the store conformance suites every adapter runs unchanged,
 * the counter domain they use, and given/when/then specifications for deciders and
 * projections. Written for vitest and fast-check (optional peer dependencies of this
 * package, needed only by who imports this subpath).
 */
export * from './conformance/fixture.js';
export * from './conformance/counterDomain.js';
export * from './conformance/heap.js';
export * from './conformance/eventStoreConformance.js';
export * from './conformance/projectionStoreConformance.js';
export * from './conformance/storeConformance.js';
export * from './specifications/deciderSpecification.js';
export * from './specifications/projectionSpecification.js';
