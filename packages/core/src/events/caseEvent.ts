import type * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { FieldError } from '../values/decodeErrors.js';
import { decodeTagged } from '../values/decodeTagged.js';
import { Fen, Id, Instant, PositiveInt, Text, WellFormedString, oneOf } from '../values/values.js';
import { MainlandMobile, ResidentIdNumber } from '../values/personalNumbers.js';
import { DurationUnitCodec as DurationUnit } from '../calendar/duration.js';
import { UnitLevel } from '../jurisdictions/unit.js';
import { EventMeta } from './eventMeta.js';

/**
 * Personal data of one party, as a command gives it. It lives only here, in its own marked
 * field (`pii`), never mixed into summaries or reasons, so it can be encrypted per person
 * (`subjectId`) and erased (see docs/personal-data.md). A field that claims to hold a number
 * must hold a valid one: `phone` a mainland mobile number, `idNumber` a resident ID number
 * with its GB 11643-1999 check character.
 */
export const PersonalData = t.type({ name: WellFormedString, phone: t.union([MainlandMobile, t.null]), idNumber: t.union([ResidentIdNumber, t.null]) }, 'PersonalData');
export type PersonalData = t.TypeOf<typeof PersonalData>;

/**
 * What a party's personal data reads as once its subject was forgotten (crypto-shredding:
 * the subject's key destroyed), with when and on which legal basis.
 */
export const ErasedPersonalData = t.type({ erased: t.literal(true), erasedAt: Instant, legalBasis: WellFormedString }, 'ErasedPersonalData');
export type ErasedPersonalData = t.TypeOf<typeof ErasedPersonalData>;

/**
 * Personal data sealed for its subject, as a store protected by the engine's
 * `protectPersonalData` holds it: what a reader without the keys (an import, an export, a
 * report run on the database) sees. `sealed` names the cipher; `iv` and `ciphertext` are base64.
 */
export const SealedPersonalData = t.type({ sealed: WellFormedString, iv: WellFormedString, ciphertext: WellFormedString }, 'SealedPersonalData');
export type SealedPersonalData = t.TypeOf<typeof SealedPersonalData>;

/**
 * Personal data as an event holds it when read back: as recorded (not validated again: the
 * history reads as it was written), erased, or sealed (read without its key).
 */
export const RecordedPersonalData = t.union(
  [t.type({ name: WellFormedString, phone: t.union([WellFormedString, t.null]), idNumber: t.union([WellFormedString, t.null]) }), ErasedPersonalData, SealedPersonalData],
  'RecordedPersonalData',
);
export type RecordedPersonalData = t.TypeOf<typeof RecordedPersonalData>;

/** Whether a party's personal data was erased. */
export const isErasedPersonalData = (pii: RecordedPersonalData): pii is ErasedPersonalData => 'erased' in pii;

/** Whether a party's personal data is sealed (read without its key). */
export const isPersonalDataSealed = (pii: RecordedPersonalData): pii is SealedPersonalData => 'sealed' in pii;

/** A party to the dispute as a command names it: a stable subject id, their side, and their personal data. */
export const Party = t.type({ subjectId: Id, side: oneOf(['applicant', 'respondent'], 'Side'), pii: PersonalData }, 'Party');
export type Party = t.TypeOf<typeof Party>;

/** A party as an event records it: its personal data as recorded, or erased. */
export const RecordedParty = t.type({ subjectId: Id, side: oneOf(['applicant', 'respondent'], 'Side'), pii: RecordedPersonalData }, 'RecordedParty');
export type RecordedParty = t.TypeOf<typeof RecordedParty>;

/** Citizen satisfaction on the five-level scale (好差评). */
export const Satisfaction = oneOf(['verySatisfied', 'satisfied', 'basicallySatisfied', 'dissatisfied', 'veryDissatisfied'], 'Satisfaction');
export type Satisfaction = t.TypeOf<typeof Satisfaction>;

const event = <K extends string, D extends t.Mixed>(type: K, data: D) => t.type({ type: t.literal(type), data, meta: EventMeta }, type);

/**
 * How a case relates to another: it was converted into it (`convertedTo`) or from it
 * (`convertedFrom`, e.g. a grid event that is a civil dispute going to mediation: 访调对接),
 * or both came from one request at the window (`sameRequest`).
 */
export const LinkRelation = oneOf(['convertedTo', 'convertedFrom', 'sameRequest'], 'LinkRelation');
export type LinkRelation = t.TypeOf<typeof LinkRelation>;

/** A link to another case: its id, its kind (workflow id) and how the two relate. */
export const CaseLink = t.type({ caseId: Id, kind: Id, relation: LinkRelation }, 'CaseLink');
export type CaseLink = t.TypeOf<typeof CaseLink>;

/**
 * A request came in (M1): the case is born, owned by the unit that received it first (首问首办).
 * A case opened from another (converted) or beside another (one request, two cases) records
 * its links here; the other case records its side as `CaseLinked`.
 */
export const Submitted = event(
  'Submitted',
  t.intersection([
    t.type({
      caseId: Id,
      channel: WellFormedString,
      category: WellFormedString,
      summary: Text,
      /** First-contact owner: the unit whose window, line or grid worker received the request. */
      receivingUnit: Id,
      /** Level of the receiving unit, from the directory at the time. */
      receivingLevel: UnitLevel,
      /** Where the dispute arose (a community or grid). */
      area: Id,
      claimedAmountFen: t.union([Fen, t.null]),
      parties: t.readonlyArray(RecordedParty),
    }),
    t.partial({ links: t.readonlyArray(CaseLink) }),
  ]),
);
/** Staff reviewed the request (M2): accepted, or rejected with a reason. */
export const Reviewed = event(
  'Reviewed',
  t.union([t.type({ decision: t.literal('accepted'), note: t.union([Text, t.null]) }), t.type({ decision: t.literal('rejected'), reason: WellFormedString, note: Text })]),
);
/** The case moved between units (M4/M5, E1–E5): dispatched down, escalated one level up, or returned. */
export const Routed = event(
  'Routed',
  t.type({
    mode: oneOf(['dispatch', 'escalate', 'return'], 'RoutingMode'),
    from: Id,
    to: Id,
    fromLevel: UnitLevel,
    toLevel: UnitLevel,
    reason: t.union([Text, t.null]),
  }),
);
/**
 * Someone taking part in a mediation besides the mediator: a co-mediator, a lawyer (律师调解)
 * or a notary joining to prepare notarization, with the body they come from.
 */
export const Participant = t.type({ id: Id, role: oneOf(['coMediator', 'lawyer', 'notary'], 'ParticipantRole'), organisation: t.union([Id, t.null]) }, 'Participant');
export type Participant = t.TypeOf<typeof Participant>;

/**
 * A mediator took the case on a track (M6), with the others taking part (from version 2 of
 * the mediation workflow; events of version 1 have no `participants`).
 */
export const MediationStarted = event('MediationStarted', t.intersection([t.type({ track: WellFormedString, mediatorId: Id, unit: Id }), t.partial({ participants: t.readonlyArray(Participant) })]));
/** How mediation ended: an agreement (written or oral, terms, amount, optional payment terms), no agreement, or withdrawal. */
export const MediationResult = t.union(
  [
    t.type({
      outcome: t.literal('agreement'),
      form: oneOf(['written', 'oral'], 'AgreementForm'),
      terms: Text,
      amountFen: Fen,
      /** Payment terms make the agreement eligible for notarization with enforcement effect. */
      paymentTerms: t.union([t.type({ dueDate: WellFormedString, instalments: PositiveInt }), t.null]),
    }),
    t.type({ outcome: t.literal('noAgreement'), reason: Text }),
    t.type({ outcome: t.literal('withdrawn'), reason: Text }),
  ],
  'MediationResult',
);
export type MediationResult = t.TypeOf<typeof MediationResult>;

/** Mediation ended (M8/M9/M19). */
export const Mediated = event('Mediated', MediationResult);
/** A notary issued a certificate giving the agreement compulsory-enforcement effect (赋强公证, M13–M14). */
export const Notarized = event('Notarized', t.type({ notaryOffice: Id, certificateNo: Id }));
/** The requester was called back (M3, M16): to explain other routes after a rejection, or to follow up. */
export const CallbackRecorded = event(
  'CallbackRecorded',
  t.type({
    purpose: oneOf(['rejectionExplained', 'followUp'], 'CallbackPurpose'),
    reached: t.boolean,
    satisfaction: t.union([Satisfaction, t.null]),
    note: t.union([Text, t.null]),
  }),
);
/** An approved extension of a running deadline (M20). */
export const DeadlineExtended = event('DeadlineExtended', t.type({ rule: Id, by: PositiveInt, unit: DurationUnit, reason: Text }));
/** A deadline clock stopped for an excluded interval (hearing, appraisal, supplementing evidence). */
export const ClockPaused = event('ClockPaused', t.type({ rule: Id, reason: WellFormedString }));
/** A paused clock runs again. */
export const ClockResumed = event('ClockResumed', t.type({ rule: Id }));
/** A superior raised the supervision level (督办: yellow or red card); orthogonal to the stage. */
export const SupervisionRaised = event('SupervisionRaised', t.type({ level: oneOf(['yellow', 'red'], 'SupervisionLevel'), reason: Text }));
/** The case was linked to another case (converted into it, or from it; or opened from the same request). */
export const CaseLinked = event('CaseLinked', t.type({ caseId: Id, kind: Id, relation: LinkRelation, note: t.union([Text, t.null]) }));
/** The case closed with an outcome; terminal. */
export const Closed = event(
  'Closed',
  t.type({
    outcome: oneOf(['rejected', 'settled', 'notSettled', 'withdrawn'], 'CaseOutcome'),
    referredTo: t.union([WellFormedString, t.null]),
    note: t.union([Text, t.null]),
  }),
);

/** Every case event codec by type name: the single source of the event types. */
export const caseEventCodecs = {
  Submitted,
  Reviewed,
  Routed,
  MediationStarted,
  Mediated,
  Notarized,
  CallbackRecorded,
  DeadlineExtended,
  ClockPaused,
  ClockResumed,
  SupervisionRaised,
  CaseLinked,
  Closed,
} as const;

/** The name of a case event type, e.g. `'Submitted'` (docs/event-catalogue.md lists them all). */
export type CaseEventType = keyof typeof caseEventCodecs;
/** The case event of type `K`: `{ type, data, meta }` as its codec decodes it. */
export type CaseEventOf<K extends CaseEventType> = t.TypeOf<(typeof caseEventCodecs)[K]>;
/** Any case event: the union of every {@link CaseEventOf}, tagged by `type`. */
export type CaseEvent = { [K in CaseEventType]: CaseEventOf<K> }[CaseEventType];
/** The `data` of the case event of type `K`. */
export type CaseEventData<K extends CaseEventType> = CaseEventOf<K>['data'];

/** The event type names, in lifecycle order. */
export const CASE_EVENT_TYPES = Object.keys(caseEventCodecs) as readonly CaseEventType[];

/** Decodes anything into an event, or the failing field paths (unknown types are named). */
export const decodeCaseEvent = (input: unknown): E.Either<readonly FieldError[], CaseEvent> => decodeTagged(caseEventCodecs, 'event', input);

/**
 * An event a workflow defines for one of its own commands (see `WorkflowCommand`): its data
 * is the command's decoded payload. Its type is never one of {@link CASE_EVENT_TYPES}.
 */
export interface WorkflowEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly meta: EventMeta;
}

/** Any event of a case: one of the shared lifecycle's, or one its workflow defines. */
export type AnyCaseEvent = CaseEvent | WorkflowEvent;

const LIFECYCLE_TYPES: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);

/** Whether an event is one of the shared lifecycle's (a {@link CaseEvent}), not a workflow's own. */
export const isLifecycleEvent = (event: AnyCaseEvent): event is CaseEvent => LIFECYCLE_TYPES.has(event.type);
