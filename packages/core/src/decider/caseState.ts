import type { StartedDeadline } from '../events/eventMeta.js';
import type { CaseEventData, Participant } from '../events/caseEvent.js';
import type { UnitLevel } from '../jurisdictions/unit.js';
import type { PublicStatus } from '../status/publicStatusLabels.js';

/** A time span of a paused clock (ISO-8601 UTC instants). */
export interface PausedSpan {
  readonly from: string;
  readonly to: string;
}

/** A deadline clock as the history made it: started, maybe paused or extended, maybe stopped. */
export interface Clock {
  readonly rule: StartedDeadline;
  readonly startedAt: string;
  readonly pauses: readonly PausedSpan[];
  readonly pausedSince: string | null;
  /** Total extension in the rule's unit. */
  readonly extendedBy: number;
  readonly stoppedAt: string | null;
}

/** One move of the case between units. */
export interface RoutingStep {
  readonly mode: 'dispatch' | 'escalate' | 'return';
  readonly from: string;
  readonly to: string;
  readonly fromLevel: UnitLevel;
  readonly toLevel: UnitLevel;
  readonly reason: string | null;
  readonly at: string;
}

/** A call-back made to the requester. */
export interface Callback {
  readonly purpose: 'rejectionExplained' | 'followUp';
  readonly reached: boolean;
  readonly satisfaction: CaseEventData<'CallbackRecorded'>['satisfaction'];
  readonly at: string;
}

/** What a case holds of the events its workflow defines: the last one's data, when, and how many there were. */
export interface Fact {
  readonly data: Readonly<Record<string, unknown>>;
  readonly at: string;
  readonly count: number;
}

/**
 * The folded state of one case. Personal data is not kept here, only the party count and
 * the applicants' subject ids (which bind citizens' commands to their own cases).
 */
export interface CaseState {
  readonly caseId: string | null;
  /** Revision of the last folded event; -1 before the first. */
  readonly revision: number;
  /** The workflow's stage (`new` before the first event). */
  readonly stage: string;
  /**
   * What the citizen sees, as the last event decided on the open case model recorded it;
   * `null` before the first event and for histories of version 1 of the mediation workflow
   * (read it with `publicStatus`, which maps their stage as that version did).
   */
  readonly status: PublicStatus | null;
  readonly workflow: { readonly id: string; readonly version: number } | null;
  readonly channel: string | null;
  readonly category: string | null;
  readonly area: string | null;
  /** First-contact owner (首问首办); never changes. */
  readonly owner: string | null;
  /** The unit holding the case now, and its level. */
  readonly handlingUnit: string | null;
  readonly handlingLevel: UnitLevel | null;
  readonly partyCount: number;
  /** Subject ids of the applicants. */
  readonly applicants: readonly string[];
  readonly claimedAmountFen: number | null;
  readonly submittedAt: string | null;
  readonly lastEventAt: string | null;
  readonly routing: readonly RoutingStep[];
  readonly rejection: { readonly reason: string; readonly at: string } | null;
  readonly mediation: {
    readonly track: string;
    readonly mediatorId: string;
    readonly unit: string;
    readonly startedAt: string;
    /** Co-mediators, lawyers and notaries taking part besides the mediator. */
    readonly participants: readonly Participant[];
  } | null;
  readonly mediationResult: 'agreement' | 'noAgreement' | 'withdrawn' | null;
  readonly agreement: { readonly form: 'written' | 'oral'; readonly amountFen: number; readonly hasPaymentTerms: boolean } | null;
  readonly notarization: { readonly notaryOffice: string; readonly certificateNo: string; readonly at: string } | null;
  readonly callbacks: readonly Callback[];
  readonly clocks: Readonly<Record<string, Clock>>;
  readonly supervision: 'normal' | 'yellow' | 'red';
  readonly closure: { readonly outcome: CaseEventData<'Closed'>['outcome']; readonly referredTo: string | null; readonly at: string } | null;
  /** The events the workflow defines, by type. */
  readonly facts: Readonly<Record<string, Fact>>;
}

/** The state before any event. */
export const initialState: CaseState = {
  caseId: null,
  revision: -1,
  stage: 'new',
  status: null,
  workflow: null,
  channel: null,
  category: null,
  area: null,
  owner: null,
  handlingUnit: null,
  handlingLevel: null,
  partyCount: 0,
  applicants: [],
  claimedAmountFen: null,
  submittedAt: null,
  lastEventAt: null,
  routing: [],
  rejection: null,
  mediation: null,
  mediationResult: null,
  agreement: null,
  notarization: null,
  callbacks: [],
  clocks: {},
  supervision: 'normal',
  closure: null,
  facts: {},
};
