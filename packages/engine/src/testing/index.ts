/**
 * @casefold/testing — the store conformance suites every adapter runs unchanged, and
 * given/when/then specifications for deciders and projections (vitest assertions).
 */
export * from './conformance/fixture.js';
export * from './conformance/counterDomain.js';
export * from './conformance/heap.js';
export * from './conformance/eventStoreConformance.js';
export * from './conformance/projectionStoreConformance.js';
export * from './specifications/deciderSpecification.js';
export * from './specifications/projectionSpecification.js';
