// FROZEN BASELINE COPY of packages/core/src/decider/rejection.ts at 19d41f0 (imports changed only): see ./index.ts.
import * as E from 'fp-ts/lib/Either.js';
import type { FieldError } from '@casefold/core';

/** The details each rejection code carries, besides its readable message. */
export interface RejectionDetails {
  /** The command did not decode: each failing field path. */
  readonly MalformedCommand: { readonly errors: readonly FieldError[] };
  /** The decision context (clock, actor, directory, workflow) is unusable. */
  readonly InvalidContext: { readonly errors: readonly FieldError[] };
  /** A value the workflow or the calendar does not know (channel, category, reason, date…). */
  readonly InvalidValue: { readonly field: string; readonly value: string; readonly allowed: readonly string[] };
  readonly CaseNotFound: { readonly caseId: string };
  readonly CaseAlreadyExists: { readonly caseId: string };
  readonly CaseMismatch: { readonly caseId: string; readonly stateCaseId: string };
  /** The case runs under another workflow version than the one supplied. */
  readonly WorkflowMismatch: { readonly caseWorkflow: string; readonly givenWorkflow: string };
  /** `now` lies before the case's last event. */
  readonly TimeWentBackwards: { readonly now: string; readonly lastEventAt: string };
  readonly NotAllowedInStage: { readonly command: string; readonly stage: string; readonly allowedStages: readonly string[] };
  readonly RoleNotAllowed: { readonly command: string; readonly role: string; readonly allowedRoles: readonly string[] };
  /** The actor acts for a unit that neither holds, owns nor supervises the case. */
  readonly NotResponsibleUnit: { readonly actorUnit: string; readonly handlingUnit: string };
  readonly UnknownUnit: { readonly field: string; readonly unitId: string };
  readonly UnitOutOfReach: { readonly from: string; readonly to: string };
  readonly EscalationNotPossible: { readonly from: string };
  readonly EscalationMustGoOneLevelUp: { readonly from: string; readonly expected: string; readonly given: string };
  readonly NothingToReturn: { readonly handlingUnit: string };
  readonly CallbackRequired: { readonly purpose: string };
  readonly NotarizationNeedsWrittenPaymentAgreement: { readonly form: string | null; readonly hasPaymentTerms: boolean };
  readonly ReferralNotAllowed: { readonly outcome: string };
  readonly DeadlineNotRunning: { readonly rule: string };
  readonly ExtensionExceedsLimit: { readonly rule: string; readonly maxExtension: number; readonly requestedTotal: number };
  readonly ClockAlreadyPaused: { readonly rule: string };
  readonly ClockNotPaused: { readonly rule: string };
  readonly SupervisionNotRaised: { readonly current: string; readonly requested: string };
  /** Anything the decider could not even inspect (a guard against non-data input). */
  readonly InvalidInput: { readonly reason: string };
}

/** Why the decider refused a command, e.g. `'CaseNotFound'`; each code's details are in {@link RejectionDetails}. */
export type RejectionCode = keyof RejectionDetails;

/** A typed refusal: a code, a readable message, and the code's details. */
export type Rejection = { [K in RejectionCode]: { readonly code: K; readonly message: string } & RejectionDetails[K] }[RejectionCode];

/** Builds a rejection. */
export const rejection = <K extends RejectionCode>(code: K, message: string, details: RejectionDetails[K]): Rejection =>
  ({ code, message, ...details }) as Rejection;

/** A left Either holding a rejection, for returning from decision steps. */
export const reject = <K extends RejectionCode>(code: K, message: string, details: RejectionDetails[K]): E.Either<Rejection, never> =>
  E.left(rejection(code, message, details));
