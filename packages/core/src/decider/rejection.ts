import * as E from 'fp-ts/lib/Either.js';
import type { FieldError } from '../values/decodeErrors.js';

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
  /**
   * The fact is dated further before its recording time than the workflow's backdating policy
   * allows this role (`allowedMs`; `maxMs` for the roles it lists, `toleranceMs` for the others).
   */
  readonly BackdatingNotAllowed: {
    readonly occurredAt: string;
    readonly recordedAt: string;
    readonly backdatedByMs: number;
    readonly allowedMs: number;
    readonly role: string;
    /** The roles that may date a fact up to `maxMs` back. */
    readonly mayBackdate: readonly string[];
  };
  readonly NotAllowedInStage: { readonly command: string; readonly stage: string; readonly allowedStages: readonly string[] };
  readonly RoleNotAllowed: { readonly command: string; readonly role: string; readonly allowedRoles: readonly string[] };
  /** The actor acts for a unit that neither holds, owns nor supervises the case. */
  readonly NotResponsibleUnit: { readonly actorUnit: string; readonly handlingUnit: string };
  /** A citizen acted on a case where they are not an applicant (their actor id is no applicant's subject id). */
  readonly NotAParty: { readonly actorId: string };
  /** The target department does not take cases of this category (the workflow's competence table). */
  readonly NotCompetent: { readonly unitId: string; readonly departmentKind: string; readonly category: string; readonly competentFor: readonly string[] };
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

/** Why the core refused a command, e.g. `'CaseNotFound'`; each code's details are in {@link RejectionDetails}. */
export type RejectionCode = keyof RejectionDetails;

/** A refusal by the core: a code, a readable message, and the code's details. */
export type CoreRejection = { [K in RejectionCode]: { readonly code: K; readonly message: string } & RejectionDetails[K] }[RejectionCode];

/** A refusal by one of the workflow's guards: the code and message the workflow declares, the guard's id and the workflow. */
export interface GuardRejection<C extends string = string> {
  readonly code: C;
  readonly message: string;
  readonly guard: string;
  /** The workflow as `id@version`. */
  readonly workflow: string;
}

/**
 * A typed refusal: the core's ({@link CoreRejection}), or a workflow guard's with one of the
 * codes `C` that workflow declares (`WorkflowRejectionCode<typeof myWorkflow>`; none by default).
 */
export type Rejection<C extends string = never> = CoreRejection | GuardRejection<C>;

/** Whether a rejection came from a workflow guard rather than from the core. */
export const isGuardRejection = <C extends string>(rejection: Rejection<C>): rejection is GuardRejection<C> => 'guard' in rejection;

/** Builds a rejection. */
export const rejection = <K extends RejectionCode>(code: K, message: string, details: RejectionDetails[K]): CoreRejection => ({ code, message, ...details }) as CoreRejection;

/** A left Either holding a rejection, for returning from decision steps. */
export const reject = <K extends RejectionCode>(code: K, message: string, details: RejectionDetails[K]): E.Either<CoreRejection, never> => E.left(rejection(code, message, details));
