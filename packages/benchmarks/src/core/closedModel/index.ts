/**
 * FROZEN BASELINE COPY — DELETE THIS FOLDER once issue 12's benchmark figure is accepted.
 *
 * The closed case model as it was at commit 19d41f0, before the open case model (27c8e03):
 * the decider with fixed stages, roles and commands (`packages/core/src/decider/*` of 19d41f0)
 * and version 1 of the mediation workflow in the shape it had then
 * (`packages/core/src/workflow/{workflow,mediationWorkflow}.ts` of 19d41f0). Issue 12 asks
 * that `pnpm bench` measure decide+evolve on the open model against this one in the same run
 * ("keep the old decider in the bench as the baseline until this lands").
 *
 * The files are 19d41f0's with their imports pointed at `@casefold/core` for what the core
 * still exports (values and their codecs, the directory, the calendar, the event and command
 * types), so both models pay for the defect fixes made since (lone surrogates, redacted
 * decode errors). Two codecs the open-model commit itself changed are rebuilt as they were
 * (`closedCodecs.ts`), and `decide`'s one read of them goes through that file: the only line
 * of code changed (`diff <(git show 19d41f0:packages/core/src/decider/decide.ts) decide.ts`).
 *
 * Only the core benchmark suite imports this; no package's source may (`pnpm lint`:
 * nothing-imports-benchmarks). Do not fix or improve it: it is the yardstick.
 */
export type { CaseState } from './caseState.js';
export { initialState } from './caseState.js';
export { decide } from './decide.js';
export { evolve, fold } from './evolve.js';
export { mediationWorkflow as closedMediationWorkflowV1 } from './mediationWorkflow.js';
