/**
 * @casefold/core — the pure domain of casefold: case events and commands (io-ts codecs),
 * the decider (decide, evolve, initialState), workflow rules as versioned data,
 * jurisdictions, calendars and deadlines, public statuses, and projections as pure folds.
 * No I/O, no clock, no randomness: time and ids come in as arguments.
 */
export * from './values/values.js';
export * from './values/decodeErrors.js';
export * from './values/decodeTagged.js';
export * from './values/decodeFast.js';
export * from './values/fastIs.js';
export * from './jurisdictions/unit.js';
export * from './jurisdictions/directory.js';
export * from './workflow/workflow.js';
export * from './workflow/mediationWorkflow.js';
export * from './workflow/condition.js';
export * from './workflow/checkWorkflow.js';
export * from './workflow/workflowCodecs.js';
export * from './events/eventMeta.js';
export * from './events/caseEvent.js';
export * from './commands/caseCommand.js';
export * from './decider/caseState.js';
export * from './decider/rejection.js';
export * from './decider/decisionContext.js';
export * from './decider/decide.js';
export * from './decider/evolve.js';
export * from './projections/projection.js';
export * from './projections/index.js';
export * from './status/publicStatus.js';
export * from './deadlines/deadlines.js';
export * from './calendar/index.js';
export * from './workflow/workflowDiagram.js';
