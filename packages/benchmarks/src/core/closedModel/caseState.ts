// FROZEN BASELINE COPY of packages/core/src/decider/caseState.ts at 19d41f0 (imports changed only): see ./index.ts.
import type { CaseEventData, StartedDeadline, UnitLevel } from '@casefold/core';
import type { Stage } from './workflow.js';

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

/** The folded state of one case. Personal data is not kept here, only the party count. */
export interface CaseState {
  readonly caseId: string | null;
  /** Revision of the last folded event; -1 before the first. */
  readonly revision: number;
  readonly stage: Stage;
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
  readonly claimedAmountFen: number | null;
  readonly submittedAt: string | null;
  readonly lastEventAt: string | null;
  readonly routing: readonly RoutingStep[];
  readonly rejection: { readonly reason: string; readonly at: string } | null;
  readonly mediation: { readonly track: string; readonly mediatorId: string; readonly unit: string; readonly startedAt: string } | null;
  readonly mediationResult: 'agreement' | 'noAgreement' | 'withdrawn' | null;
  readonly agreement: { readonly form: 'written' | 'oral'; readonly amountFen: number; readonly hasPaymentTerms: boolean } | null;
  readonly notarization: { readonly notaryOffice: string; readonly certificateNo: string; readonly at: string } | null;
  readonly callbacks: readonly Callback[];
  readonly clocks: Readonly<Record<string, Clock>>;
  readonly supervision: 'normal' | 'yellow' | 'red';
  readonly closure: { readonly outcome: CaseEventData<'Closed'>['outcome']; readonly referredTo: string | null; readonly at: string } | null;
}

/** The state before any event. */
export const initialState: CaseState = {
  caseId: null,
  revision: -1,
  stage: 'new',
  workflow: null,
  channel: null,
  category: null,
  area: null,
  owner: null,
  handlingUnit: null,
  handlingLevel: null,
  partyCount: 0,
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
};
