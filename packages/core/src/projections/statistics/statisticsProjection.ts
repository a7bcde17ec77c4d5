import { type AnyCaseEvent, type CaseEventData, type Satisfaction, isLifecycleEvent } from '../../events/caseEvent.js';
import type { PublicStatus } from '../../status/publicStatus.js';
import { stageAfter, statusAfter } from '../caseBoard/stageAfter.js';
import type { Projection } from '../projection.js';
import { type Counts, addCount } from '../shared/counts.js';
import { type ClockBook, applyClockChange, clockChangeOf } from '../shared/clockBook.js';
import { type ShardedRecord, getIn, setIn } from '../shared/shardedRecord.js';
import { recordedLateAt } from '../shared/recordedLate.js';
import { type StreamIndex, caseIdOf } from '../shared/streamIndex.js';

/** The raw facts of one case that the published figures are computed from (no personal data). */
export interface CaseFacts {
  readonly caseId: string;
  /** The case kind: the id of the workflow its first event was decided by (`meta.workflow`). */
  readonly workflow: string;
  /** That workflow's version. */
  readonly workflowVersion: number;
  /** The internal stage after the latest event. */
  readonly stage: string;
  /** The public status after the latest event (未审核/待办理/已处理/已拒绝). */
  readonly status: PublicStatus;
  /** The events of the workflow's own commands (not the shared lifecycle's), by type, e.g. `LegalAidGranted`. */
  readonly ownEvents: Counts;
  readonly submittedAt: string;
  readonly channel: string;
  readonly category: string;
  /** The first-contact unit (首问首办). */
  readonly receivingUnit: string;
  /** The unit holding the case now (after every `Routed`). */
  readonly handlingUnit: string;
  /** The unit of the latest mediation started, if any. */
  readonly mediationUnit: string | null;
  readonly claimedFen: number | null;
  readonly review: 'accepted' | 'rejected' | null;
  readonly rejectionReason: string | null;
  /** `MediationStarted` events (a case escalated mid-mediation may start again elsewhere). */
  readonly mediationsStarted: number;
  /** Track of the latest mediation started. */
  readonly track: string | null;
  /** How mediation ended (`Mediated`), at most once per case. */
  readonly mediation: CaseEventData<'Mediated'>['outcome'] | null;
  readonly agreementFen: number | null;
  readonly notarized: boolean;
  /** `Routed` events with mode `escalate`. */
  readonly escalations: number;
  readonly callbacksMade: number;
  readonly callbacksReached: number;
  /** The satisfaction answers given in call-backs, in order. */
  readonly satisfaction: readonly Satisfaction[];
  readonly outcome: CaseEventData<'Closed'>['outcome'] | null;
  readonly closedAt: string | null;
  /** Every clock the case had, running or stopped (a stop recorded late with its `stopRecordedAt`). */
  readonly clocks: ClockBook;
  /** The case's events recorded more than an hour after they happened (`RECORDED_LATE_AFTER_MS`). */
  readonly eventsRecordedLate: number;
}

/** State of {@link statisticsProjection}: plain JSON. */
export interface StatisticsState {
  readonly streams: StreamIndex;
  /** By case id, sharded. */
  readonly cases: ShardedRecord<CaseFacts>;
}

/**
 * Statistics as the centre publishes them (docs/domain.md §6), for every case kind. The state
 * keeps each case's raw facts, its kind (workflow) and the events of its kind's own commands,
 * so that {@link statisticsReport} can filter by submission date, unit and kind, and compute
 * calendar-dependent figures (on-time closure). Constant work per event. Version 4 counts the
 * events recorded late and marks the clocks they stopped; version 3 added the kind, stage,
 * status and own events (version 2: claims by review outcome, mediation units).
 */
export const statisticsProjection: Projection<StatisticsState, AnyCaseEvent> = {
  name: 'statistics',
  version: 4,
  initialState: { streams: {}, cases: {} },
  apply: (draft, envelope) => {
    const caseId = caseIdOf(draft.streams, envelope);
    if (caseId === undefined) return;
    const { event } = envelope;
    const at = event.meta.occurredAt;
    if (isLifecycleEvent(event) && event.type === 'Submitted') {
      const d = event.data;
      setIn(draft.cases, caseId, {
        caseId,
        workflow: event.meta.workflow.id,
        workflowVersion: event.meta.workflow.version,
        stage: 'new',
        status: 'unreviewed',
        ownEvents: {},
        submittedAt: at,
        channel: d.channel,
        category: d.category,
        receivingUnit: d.receivingUnit,
        handlingUnit: d.receivingUnit,
        mediationUnit: null,
        claimedFen: d.claimedAmountFen,
        review: null,
        rejectionReason: null,
        mediationsStarted: 0,
        track: null,
        mediation: null,
        agreementFen: null,
        notarized: false,
        escalations: 0,
        callbacksMade: 0,
        callbacksReached: 0,
        satisfaction: [],
        outcome: null,
        closedAt: null,
        clocks: {},
        eventsRecordedLate: 0,
      });
    }
    const facts = getIn(draft.cases, caseId);
    if (facts === undefined) return;
    if (isLifecycleEvent(event) && event.type === 'Closed') facts.outcome = event.data.outcome;
    facts.stage = stageAfter(facts.stage, facts.receivingUnit, event);
    facts.status = statusAfter(event, facts.stage, facts.outcome, at);
    // Any event may start or stop clocks (a workflow's own events too, e.g. a legal-aid grant).
    const late = recordedLateAt(envelope);
    if (late !== null) facts.eventsRecordedLate += 1;
    const change = clockChangeOf(event);
    if (change !== null) applyClockChange(facts.clocks, change, at, late);
    if (!isLifecycleEvent(event)) {
      addCount(facts.ownEvents, event.type);
      return;
    }
    switch (event.type) {
      case 'Reviewed':
        facts.review = event.data.decision;
        if (event.data.decision === 'rejected') facts.rejectionReason = event.data.reason;
        return;
      case 'Routed':
        facts.handlingUnit = event.data.to;
        if (event.data.mode === 'escalate') facts.escalations += 1;
        return;
      case 'MediationStarted':
        facts.mediationsStarted += 1;
        facts.track = event.data.track;
        facts.mediationUnit = event.data.unit;
        return;
      case 'Mediated':
        facts.mediation = event.data.outcome;
        if (event.data.outcome === 'agreement') facts.agreementFen = event.data.amountFen;
        return;
      case 'Notarized':
        facts.notarized = true;
        return;
      case 'CallbackRecorded':
        facts.callbacksMade += 1;
        if (event.data.reached) facts.callbacksReached += 1;
        if (event.data.satisfaction !== null) facts.satisfaction.push(event.data.satisfaction);
        return;
      case 'Closed':
        facts.closedAt = at;
        return;
      default:
        return;
    }
  },
};
