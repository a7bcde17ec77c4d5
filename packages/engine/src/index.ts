export * from './eventStore/eventStore.js';
export * from './eventStore/errors.js';
export * from './audit/canonicalJson.js';
export * from './audit/chainEvents.js';
export * from './projections/projectionStore.js';
// export * from './calendars/index.js';
