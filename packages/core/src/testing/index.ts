/**
 * `@casefold/core/testing` — fast-check arbitraries for property tests of workflow rules and
 * projections: a sample jurisdiction, random case histories of any workflow played through
 * the real decider (and the mediation request's, with its defaults), the invariants every
 * accepted history keeps, random small workflows, and random multi-case stores. A subpath
 * of its own because it imports `fast-check` (an optional peer dependency): the main entry
 * imports fp-ts, io-ts and immer only, and nothing here is part of the pure domain.
 */
export * from './sampleJurisdiction.js';
export * from './testKitUsageError.js';
export * from './lifecyclePayloads.js';
export * from './workflowHistories.js';
export * from './caseHistories.js';
export * from './caseStores.js';
export * from './historyInvariants.js';
export * from './workflowArbitrary.js';
