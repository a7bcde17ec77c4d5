/**
 * `@casefold/core/testing` — fast-check arbitraries for property tests of workflow rules and
 * projections: a sample jurisdiction, random case histories of any workflow played through
 * the real decider (and the mediation request's, with its defaults), the invariants every
 * accepted history keeps, random small workflows, and random multi-case stores. A subpath
 * of its own because it imports `fast-check` (an optional peer dependency): the main entry
 * imports fp-ts, io-ts and immer only, and nothing here is part of the pure domain.
 */
export { SAMPLE_UNITS, sampleDirectory } from './sampleJurisdiction.js';
export { sampleSubmit } from './sampleSubmit.js';
export { TestKitUsageError, isTestKitUsageError } from './testKitUsageError.js';
export { type PayloadSituation, applicantOf, lifecyclePayload } from './lifecyclePayloads.js';
export { mobileNumberOf, residentIdNumberOf, personalDataArbitrary } from './personalDataArbitrary.js';
export {
  type Intent,
  type PayloadArbitraries,
  type Weights,
  type PlayWorkflowOptions,
  type PlayedStep,
  type PlayResult,
  describeStep,
  describeHistory,
  printedAs,
  playWorkflow,
  intentArbitrary,
  intentsArbitrary,
  type WorkflowHistoryArbitraryOptions,
  payloadArbitrariesFor,
  workflowHistoryArbitrary,
} from './workflowHistories.js';
export { type PlayOptions, MEDIATION_WEIGHTS, playIntents, type CaseHistoryArbitraryOptions, caseHistoryArbitrary } from './caseHistories.js';
export {
  type CaseSetting,
  caseSetting,
  PII_MARKER,
  personalDataOf,
  personalDataIn,
  type GeneratedCase,
  generateCase,
  type GeneratedStore,
  buildStore,
  type CaseStoreArbitraryOptions,
  caseStoreArbitrary,
  eventsOf,
  type WorkflowStoreArbitraryOptions,
  workflowStoreArbitrary,
} from './caseStores.js';
export { historyInvariantViolations } from './historyInvariants.js';
export { type GeneratedWorkflow, workflowArbitrary } from './workflowArbitrary.js';
export { type StagedModel, type ModelCommandOptions, type ModelCommand, modelCommand } from './modelCommand.js';
export { spreadBoardRow } from './spreadBoardRows.js';
