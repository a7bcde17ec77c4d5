import type * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { FieldError } from '../values/decodeErrors.js';
import { decodeTagged } from '../values/decodeTagged.js';
import { Fen, Id, PositiveInt, Text, WellFormedString, oneOf } from '../values/values.js';
import { CaseLink, LinkRelation, MediationResult, Participant, Party, Satisfaction } from '../events/caseEvent.js';

const command = <K extends string, P extends t.Props>(type: K, props: P) => t.type({ type: t.literal(type), commandId: Id, caseId: Id, ...props }, type);

/**
 * Register a new request (window, hotline, app, mini-program, grid patrol or referral).
 * `kind` names the workflow the case runs under (a handler that decides several kinds picks
 * it by this; absent, the handler's first); `links` names the cases it comes from or beside.
 */
export const Submit = t.intersection(
  [
    command('Submit', {
      channel: WellFormedString,
      category: WellFormedString,
      summary: Text,
      receivingUnit: Id,
      area: Id,
      claimedAmountFen: t.union([Fen, t.null]),
      parties: t.readonlyArray(Party),
    }),
    t.partial({ kind: Id, links: t.readonlyArray(CaseLink) }),
  ],
  'Submit',
);
/** Accept or reject an unreviewed request; a rejection names one of the workflow's reasons. */
export const Review = command('Review', {
  decision: t.union([t.type({ outcome: t.literal('accepted'), note: t.union([Text, t.null]) }), t.type({ outcome: t.literal('rejected'), reason: WellFormedString, note: Text })]),
});
/** Send the case to a unit or functional department within reach (分发). */
export const Dispatch = command('Dispatch', { to: Id, reason: t.union([Text, t.null]) });
/** Send the case exactly one level up (grid → community → sub-district → district → city). */
export const Escalate = command('Escalate', { to: Id, reason: Text });
/** Hand the case back to the unit that sent it, with a reason (wrong unit). */
export const ReturnToSender = command('ReturnToSender', { reason: Text });
/** A mediator takes the case on a mediation track, with any co-mediators, lawyers or notaries taking part. */
export const StartMediation = t.intersection([command('StartMediation', { track: WellFormedString }), t.partial({ participants: t.readonlyArray(Participant) })], 'StartMediation');
/** Record how mediation ended. */
export const RecordMediation = command('RecordMediation', { result: MediationResult });
/** Record the notarial certificate with compulsory-enforcement effect. */
export const Notarize = command('Notarize', { notaryOffice: Id, certificateNo: Id });
/** Record a call-back to the requester. */
export const RecordCallback = command('RecordCallback', {
  purpose: oneOf(['rejectionExplained', 'followUp'], 'CallbackPurpose'),
  reached: t.boolean,
  satisfaction: t.union([Satisfaction, t.null]),
  note: t.union([Text, t.null]),
});
/** Close the case; a case that ended without agreement may be referred elsewhere. */
export const Close = command('Close', { referredTo: t.union([WellFormedString, t.null]), note: t.union([Text, t.null]) });
/** The requester withdraws before mediation starts. */
export const Withdraw = command('Withdraw', { reason: Text });
/** Extend a running deadline; the acting leader is the approver. */
export const ExtendDeadline = command('ExtendDeadline', { rule: Id, by: PositiveInt, reason: Text });
/** Pause a running deadline clock for an excluded interval. */
export const PauseClock = command('PauseClock', { rule: Id, reason: WellFormedString });
/** Resume a paused deadline clock. */
export const ResumeClock = command('ResumeClock', { rule: Id });
/** Link the case to another one: it was converted into it or from it, or both came from one request. */
export const LinkCase = command('LinkCase', { linkedCaseId: Id, kind: Id, relation: LinkRelation, note: t.union([Text, t.null]) });
/** Raise the supervision level (督办). */
export const RaiseSupervision = command('RaiseSupervision', { level: oneOf(['yellow', 'red'], 'SupervisionLevel'), reason: Text });

/** Every case command codec by type name. */
export const caseCommandCodecs = {
  Submit,
  Review,
  Dispatch,
  Escalate,
  ReturnToSender,
  StartMediation,
  RecordMediation,
  Notarize,
  RecordCallback,
  Close,
  Withdraw,
  ExtendDeadline,
  PauseClock,
  ResumeClock,
  RaiseSupervision,
  LinkCase,
} as const;

/** The name of a case command type, e.g. `'Submit'`. */
export type CaseCommandType = keyof typeof caseCommandCodecs;
/** The case command of type `K`, as its codec decodes it. */
export type CaseCommandOf<K extends CaseCommandType> = t.TypeOf<(typeof caseCommandCodecs)[K]>;
/** Any case command: the union of every {@link CaseCommandOf}, tagged by `type`. */
export type CaseCommand = { [K in CaseCommandType]: CaseCommandOf<K> }[CaseCommandType];

/** The command type names. */
export const CASE_COMMAND_TYPES = Object.keys(caseCommandCodecs) as readonly CaseCommandType[];

/** Decodes anything into a command, or the failing field paths (unknown types are named). */
export const decodeCaseCommand = (input: unknown): E.Either<readonly FieldError[], CaseCommand> => decodeTagged(caseCommandCodecs, 'command', input);
