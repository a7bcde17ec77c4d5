/**
 * @casefold/engine — ports and orchestration: the event-store port and its errors, the
 * in-memory store, the hash-chained audit and its verification, event codecs and
 * upcasting, command handling, and the projection runner.
 */
export * from './eventStore/eventStore.js';
export * from './eventStore/forEachEvent.js';
export * from './eventStore/parseStoredEvent.js';
export * from './eventStore/casefoldError.js';
export * from './eventStore/errors.js';
export * from './eventStore/storeErrors.js';
export * from './eventStore/migration.js';
export * from './eventStore/storeOptions.js';
export * from './eventStore/settingsStore.js';
export * from './eventStore/casefoldStore.js';
export * from './eventStore/eventRow.js';
export * from './eventStore/readRange.js';
export * from './eventStore/appendWaiter.js';
export * from './eventStore/aggregateStream.js';
export { openInMemoryStore } from './eventStore/openInMemoryStore.js';
export * from './eventStore/validateAppend.js';
// The store's internals stay internal (the tampering hook below is their one public use).
export { getInMemoryEventStore } from './eventStore/inMemoryEventStore.js';
export * from './eventStore/inMemoryTampering.js';
export * from './audit/canonicalJson.js';
export * from './audit/chainEvents.js';
export * from './audit/verify.js';
export * from './audit/jsonAmbiguity.js';
export * from './audit/checkpoints/providers.js';
export * from './audit/checkpoints/checkpointErrors.js';
export * from './audit/checkpoints/storeHeads.js';
export * from './audit/checkpoints/checkpoint.js';
export * from './audit/checkpoints/checkpointFiles.js';
export * from './audit/checkpoints/verifyCheckpoint.js';
export * from './serialization/eventCodec.js';
export * from './serialization/upcasterRegistry.js';
export * from './serialization/ioTsEventCodec.js';
export * from './commandHandling/decider.js';
export * from './commandHandling/retryPolicy.js';
export * from './commandHandling/streamStateCache.js';
export * from './commandHandling/handleCommand.js';
export * from './projections/projectionStore.js';
export * from './projections/projectionRecord.js';
export * from './projections/projectStream.js';
export * from './projections/inMemoryProjectionStore.js';
export * from './projections/applyEnvelopes.js';
export * from './projections/projectionRunnerErrors.js';
export * from './projections/startProjection.js';
export * from './projections/rebuildVerified.js';
export * from './calendars/index.js';
export * from './cases/index.js';
