import type { FieldError } from '../values/decodeErrors.js';

/** The details each records rejection code carries, besides its readable message. */
export interface RecordsRejectionDetails {
  /** The command did not decode: each failing field path. */
  readonly MalformedCommand: { readonly errors: readonly FieldError[] };
  /** The decision context (clock, actor, schedule, case record) is unusable. */
  readonly InvalidContext: { readonly errors: readonly FieldError[] };
  readonly RecordsRoleNotAllowed: { readonly command: string; readonly role: string; readonly allowedRoles: readonly string[] };
  readonly CaseNotFound: { readonly caseId: string };
  /** The command names another case than the records it was decided against. */
  readonly CaseMismatch: { readonly caseId: string; readonly recordCaseId: string };
  readonly CaseNotClosed: { readonly caseId: string };
  /** The schedule has no rule for the case's kind. */
  readonly NoRetentionRule: { readonly kind: string; readonly scheduled: readonly string[] };
  readonly KeptPermanently: { readonly kind: string; readonly basis: string };
  readonly RetentionNotExpired: { readonly closedAt: string; readonly expiresAt: string; readonly basis: string };
  readonly LegalHoldActive: { readonly holds: readonly string[] };
  readonly HoldAlreadyPlaced: { readonly holdId: string };
  readonly UnknownHold: { readonly holdId: string; readonly activeHolds: readonly string[] };
  readonly AlreadyDisposed: { readonly disposedAt: string };
}

/** Why records management refused a command, e.g. `'LegalHoldActive'`; each code's details are in {@link RecordsRejectionDetails}. */
export type RecordsRejectionCode = keyof RecordsRejectionDetails;

/** A refusal by records management: a code, a readable message, and the code's details. */
export type RecordsRejection = { [K in RecordsRejectionCode]: { readonly code: K; readonly message: string } & RecordsRejectionDetails[K] }[RecordsRejectionCode];

/** Builds a {@link RecordsRejection} of code `code`. */
export const recordsRejection = <K extends RecordsRejectionCode>(code: K, message: string, details: RecordsRejectionDetails[K]): RecordsRejection =>
  ({ code, message, ...details }) as unknown as RecordsRejection;
