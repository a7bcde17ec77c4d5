import type fc from 'fast-check';
import { type JurisdictionDirectory, type Workflow, mediationWorkflow } from '../index.js';
import { sampleDirectory } from './sampleJurisdiction.js';
import { type Intent, type PlayResult, type Weights, playWorkflow, workflowHistoryArbitrary } from './workflowHistories.js';

/*
 * The mediation request's generators: the generic ones of `workflowHistories.ts` with the
 * mediation workflow, the sample directory and weights that keep most cases going.
 */

/** Where and how a generated mediation case plays out (each option has a default). */
export interface PlayOptions {
  /** By default {@link sampleDirectory}. */
  readonly directory?: JurisdictionDirectory;
  /** By default {@link mediationWorkflow}. */
  readonly workflow?: Workflow;
  /** By default `'case-1'` for {@link playIntents}; {@link caseHistoryArbitrary} generates one per history. */
  readonly caseId?: string;
  readonly startAt?: string;
  /** By default {@link MEDIATION_WEIGHTS}. */
  readonly weights?: Weights;
}

/**
 * Commands that end a mediation request before mediation (a withdrawal, a rejection, a
 * withdrawn mediation) are rare, so most generated cases are accepted, mediated, notarized
 * and closed after mediation.
 */
export const MEDIATION_WEIGHTS: Weights = { commands: { Withdraw: 1 / 16, 'Review:rejected': 3 / 16, 'RecordMediation:withdrawn': 3 / 16 } };

const DEFAULT_DIRECTORY = sampleDirectory();

/** {@link playWorkflow} with the mediation defaults: the mediation workflow in the sample directory, {@link MEDIATION_WEIGHTS}. */
export const playIntents = (intents: readonly Intent[], options: PlayOptions = {}): PlayResult =>
  playWorkflow(intents, { ...options, workflow: options.workflow ?? mediationWorkflow, directory: options.directory ?? DEFAULT_DIRECTORY, weights: options.weights ?? MEDIATION_WEIGHTS });

/** Options of {@link caseHistoryArbitrary}. */
export interface CaseHistoryArbitraryOptions extends PlayOptions {
  /** Intents per history at most (default 30). */
  readonly maxLength?: number;
  /** The chance (0–1) that an intent deliberately breaks a rule (default 0.15). */
  readonly wildness?: number;
}

/**
 * An arbitrary case history (events the decider accepted), with its steps, decided by
 * `workflow` in `directory` (by default the mediation workflow in the sample directory, with
 * {@link MEDIATION_WEIGHTS}): {@link workflowHistoryArbitrary} with those defaults. Some
 * intents break rules on purpose, so some steps are refused. Each history gets its own
 * case id unless `caseId` is given; for a store of several cases prefer
 * {@link caseStoreArbitrary}, or generate histories with
 * `fc.uniqueArray(caseHistoryArbitrary(), { selector: (h) => h.caseId })`.
 */
export const caseHistoryArbitrary = (options: CaseHistoryArbitraryOptions = {}): fc.Arbitrary<PlayResult> =>
  workflowHistoryArbitrary({ ...options, workflow: options.workflow ?? mediationWorkflow, directory: options.directory ?? DEFAULT_DIRECTORY, weights: options.weights ?? MEDIATION_WEIGHTS });
