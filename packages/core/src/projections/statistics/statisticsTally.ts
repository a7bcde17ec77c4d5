import type { Calendar } from '../../calendar/calendar.js';
import { mediationWorkflow } from '../../workflow/mediationWorkflow.js';
import { shippedWorkflows } from '../../workflow/shippedWorkflows.js';
import { clockStatuses } from '../shared/clockBook.js';
import { type Counts, share } from '../shared/counts.js';
import { type NumberTree, numberAt, treeAt } from '../shared/numberTree.js';
import type { CaseFacts } from './statisticsProjection.js';
import type { KindFigures, StatisticsReport, StatisticsReportOptions, UnitFigures } from './statisticsReport.js';

/**
 * The figures of some cases added up, before the shares and rates are worked out: every count
 * and sum of a {@link StatisticsReport}, as a {@link NumberTree} (so tallies add and subtract with
 * `addTree`, and tallies of the same cases are equal however they were added up). One case's is
 * {@link caseTally}; {@link reportOfTally} turns a tally into the report.
 */
export type StatisticsTally = NumberTree;

/** What a case's tally depends on besides its facts: which channels count as online, the labour category, the calendar. */
export interface TallyRules {
  readonly isOnline: (facts: CaseFacts) => boolean;
  readonly labourCategory: string;
  readonly calendar: Calendar;
}

/** The tally rules of a report's options: its online channels (or each kind's own), its labour category (default `labour`). */
export const tallyRulesOf = (calendar: Calendar, options: Pick<StatisticsReportOptions, 'onlineChannels' | 'workflows' | 'labourCategory'> = {}): TallyRules => ({
  isOnline: onlineTest(options),
  labourCategory: options.labourCategory ?? 'labour',
  calendar,
});

/** Whether a case came in online: through the given channels, or else through its own kind's online channels. */
const onlineTest = (options: Pick<StatisticsReportOptions, 'onlineChannels' | 'workflows'>): ((facts: CaseFacts) => boolean) => {
  if (options.onlineChannels !== undefined) {
    const online = new Set(options.onlineChannels);
    return (facts) => online.has(facts.channel);
  }
  const byKind = new Map<string, Set<string>>();
  for (const workflow of options.workflows ?? shippedWorkflows) {
    const channels = byKind.get(workflow.id) ?? new Set<string>();
    for (const channel of workflow.onlineChannels) channels.add(channel);
    byKind.set(workflow.id, channels);
  }
  const fallback = new Set(mediationWorkflow.onlineChannels);
  return (facts) => (byKind.get(facts.workflow) ?? fallback).has(facts.channel);
};

/** The kinds the one-stop centre's legal-service figures come from. */
const CONSULTATION = 'legalConsultation';
const LEGAL_AID = 'legalAid';

const SATISFIED: ReadonlySet<string> = new Set(['verySatisfied', 'satisfied']);

/** 1 when `test` holds, else 0. */
const one = (test: boolean): number => (test ? 1 : 0);

/** A count of one under `key`. */
const once = (key: string): NumberTree => ({ [key]: 1 });

/**
 * One case's tally: what it adds to every figure of a report (its kind's and its handling unit's
 * figures too). Deadlines are judged on the rules' calendar, each stopped clock at its stop.
 */
export const caseTally = (facts: CaseFacts, rules: TallyRules): StatisticsTally => {
  const labour = facts.category === rules.labourCategory;
  const online = rules.isOnline(facts);
  const mediated = facts.mediation !== null;
  const handledAt = facts.mediationUnit ?? facts.handlingUnit;
  const stopped = Object.fromEntries(Object.entries(facts.clocks).filter(([, clock]) => clock.stoppedAt !== null));
  // `now` does not matter for a stopped clock: it is judged at its stop.
  const statuses = clockStatuses(stopped, {}, facts.submittedAt, rules.calendar);
  const deadlinesByRule: NumberTree = {};
  for (const status of statuses) {
    const rule = (deadlinesByRule[status.rule] ??= {}) as NumberTree;
    rule['stopped'] = numberAt(rule, 'stopped') + 1;
    rule['metOnTime'] = numberAt(rule, 'metOnTime') + one(status.metOnTime === true);
    rule['metOnTimeRecordedLate'] = numberAt(rule, 'metOnTimeRecordedLate') + one(status.onTimeRecordedLate === true);
  }
  const closed = facts.outcome !== null;
  const onTime = closed && statuses.every((s) => s.metOnTime === true);
  const bySatisfaction: NumberTree = {};
  let satisfied = 0;
  let basic = 0;
  for (const answer of facts.satisfaction) {
    bySatisfaction[answer] = numberAt(bySatisfaction, answer) + 1;
    if (SATISFIED.has(answer)) satisfied += 1;
    if (SATISFIED.has(answer) || answer === 'basicallySatisfied') basic += 1;
  }
  const claimed = facts.claimedFen;
  return {
    total: 1,
    online: one(online),
    labour: one(labour),
    accepted: one(facts.review === 'accepted'),
    rejected: one(facts.review === 'rejected'),
    started: facts.mediationsStarted,
    labourStarted: labour ? facts.mediationsStarted : 0,
    ended: one(mediated),
    mediatedOnline: one(mediated && online),
    amountInvolvedFen: mediated ? (claimed ?? 0) : 0,
    labourEnded: one(mediated && labour),
    labourAgreements: one(mediated && labour && facts.mediation === 'agreement'),
    labourAgreedFen: mediated && labour ? (facts.agreementFen ?? 0) : 0,
    agreements: one(facts.agreementFen !== null),
    agreedFen: facts.agreementFen ?? 0,
    claims: one(claimed !== null),
    claimedFen: claimed ?? 0,
    acceptedClaims: one(claimed !== null && facts.review === 'accepted'),
    acceptedClaimedFen: facts.review === 'accepted' ? (claimed ?? 0) : 0,
    rejectedClaims: one(claimed !== null && facts.review === 'rejected'),
    rejectedClaimedFen: facts.review === 'rejected' ? (claimed ?? 0) : 0,
    notarized: one(facts.notarized),
    eventsRecordedLate: facts.eventsRecordedLate,
    casesRecordedLate: one(facts.eventsRecordedLate > 0),
    closed: one(closed),
    settledAccepted: one(facts.outcome === 'settled' && facts.review === 'accepted'),
    onTime: one(onTime),
    onTimeRecordedLate: one(onTime && statuses.some((s) => s.onTimeRecordedLate === true)),
    made: facts.callbacksMade,
    reached: facts.callbacksReached,
    answered: facts.satisfaction.length,
    satisfied,
    basic,
    escalations: facts.escalations,
    casesEscalated: one(facts.escalations > 0),
    byChannel: once(facts.channel),
    byCategory: once(facts.category),
    rejectedByReason: facts.review === 'rejected' ? once(facts.rejectionReason ?? 'unknown') : {},
    mediationByOutcome: facts.mediation !== null ? once(facts.mediation) : {},
    byTrack: mediated ? once(facts.track ?? 'unknown') : {},
    mediationByUnit: mediated ? once(handledAt) : {},
    closedByOutcome: facts.outcome !== null ? once(facts.outcome) : {},
    bySatisfaction,
    deadlinesByRule,
    byKind: {
      [facts.workflow]: {
        received: 1,
        byChannel: once(facts.channel),
        online: one(online),
        byStatus: once(facts.status),
        handled: one(facts.status === 'handled'),
        closed: one(closed),
        closedByOutcome: facts.outcome !== null ? once(facts.outcome) : {},
        ownEvents: Object.fromEntries(Object.keys(facts.ownEvents).map((type) => [type, 1])),
      },
    },
    byUnit: {
      [handledAt]: {
        byKind: once(facts.workflow),
        mediated: one(mediated),
        mediatedOnline: one(mediated && online),
        amountInvolvedFen: mediated ? (claimed ?? 0) : 0,
        labourMediated: one(mediated && labour),
        labourAgreedFen: mediated && labour ? (facts.agreementFen ?? 0) : 0,
        consultations: one(facts.workflow === CONSULTATION),
        onlineConsultations: one(facts.workflow === CONSULTATION && online),
        legalAidCases: one(facts.workflow === LEGAL_AID && facts.ownEvents['LegalAidGranted'] !== undefined),
      },
    },
  };
};

/** A copy of a record of counts (a report must not share the tally's records, which go on changing). */
const countsAt = (tally: NumberTree, key: string): Counts => ({ ...(treeAt(tally, key) as Counts) });

const kindFigures = (kind: NumberTree): KindFigures => ({
  received: numberAt(kind, 'received'),
  byChannel: countsAt(kind, 'byChannel'),
  online: numberAt(kind, 'online'),
  onlineShare: share(numberAt(kind, 'online'), numberAt(kind, 'received')),
  byStatus: countsAt(kind, 'byStatus'),
  handled: numberAt(kind, 'handled'),
  closed: numberAt(kind, 'closed'),
  closedByOutcome: countsAt(kind, 'closedByOutcome'),
  ownEvents: countsAt(kind, 'ownEvents'),
});

const unitFigures = (unit: NumberTree): UnitFigures => ({
  byKind: countsAt(unit, 'byKind'),
  mediated: numberAt(unit, 'mediated'),
  mediatedOnline: numberAt(unit, 'mediatedOnline'),
  amountInvolvedFen: numberAt(unit, 'amountInvolvedFen'),
  labourMediated: numberAt(unit, 'labourMediated'),
  labourAgreedFen: numberAt(unit, 'labourAgreedFen'),
  consultations: numberAt(unit, 'consultations'),
  onlineConsultations: numberAt(unit, 'onlineConsultations'),
  legalAidCases: numberAt(unit, 'legalAidCases'),
});

/** Each record below `key` turned into figures by `figures`. */
const recordsAt = <F>(tally: NumberTree, key: string, figures: (record: NumberTree) => F): Record<string, F> =>
  Object.fromEntries(Object.entries(treeAt(tally, key)).map(([name, record]) => [name, figures(record as NumberTree)]));

/** What a report states besides the tally's figures: its period, unit and kind. */
export type ReportHeading = Pick<StatisticsReport, 'period' | 'unit' | 'workflow'>;

/** The report of a tally: its figures, with the shares and rates worked out. */
export const reportOfTally = (tally: StatisticsTally, heading: ReportHeading): StatisticsReport => {
  const n = (key: string): number => numberAt(tally, key);
  const kinds = treeAt(tally, 'byKind');
  const consultations = treeAt(kinds, CONSULTATION);
  const legalAid = treeAt(kinds, LEGAL_AID);
  const own = (kind: NumberTree, type: string): number => numberAt(treeAt(kind, 'ownEvents'), type);
  const mediationByOutcome = countsAt(tally, 'mediationByOutcome');
  return {
    ...heading,
    byKind: recordsAt(tally, 'byKind', kindFigures),
    byUnit: recordsAt(tally, 'byUnit', unitFigures),
    legalServices: {
      consultations: {
        total: numberAt(consultations, 'received'),
        online: numberAt(consultations, 'online'),
        onSite: numberAt(consultations, 'received') - numberAt(consultations, 'online'),
        answered: own(consultations, 'ConsultationAnswered'),
        referred: own(consultations, 'ConsultationReferred'),
      },
      legalAid: {
        applications: numberAt(legalAid, 'received'),
        online: numberAt(legalAid, 'online'),
        granted: own(legalAid, 'LegalAidGranted'),
        refused: own(legalAid, 'LegalAidRefused'),
        assigned: own(legalAid, 'LegalAidAssigned'),
      },
    },
    intake: {
      total: n('total'),
      byChannel: countsAt(tally, 'byChannel'),
      online: n('online'),
      onlineShare: share(n('online'), n('total')),
      byCategory: countsAt(tally, 'byCategory'),
      labour: n('labour'),
      labourShare: share(n('labour'), n('total')),
    },
    review: { accepted: n('accepted'), rejected: n('rejected'), rejectedByReason: countsAt(tally, 'rejectedByReason'), notReviewed: n('total') - n('accepted') - n('rejected') },
    mediation: {
      started: n('started'),
      ended: n('ended'),
      online: n('mediatedOnline'),
      amountInvolvedFen: n('amountInvolvedFen'),
      byOutcome: mediationByOutcome,
      byTrack: countsAt(tally, 'byTrack'),
      successRate: share(mediationByOutcome['agreement'] ?? 0, n('ended')),
      byUnit: countsAt(tally, 'mediationByUnit'),
      labour: {
        started: n('labourStarted'),
        ended: n('labourEnded'),
        agreements: n('labourAgreements'),
        successRate: share(n('labourAgreements'), n('labourEnded')),
        agreedFen: n('labourAgreedFen'),
      },
    },
    amounts: {
      agreedFen: n('agreedFen'),
      agreements: n('agreements'),
      claimedFen: n('claimedFen'),
      claims: n('claims'),
      acceptedClaimedFen: n('acceptedClaimedFen'),
      acceptedClaims: n('acceptedClaims'),
      rejectedClaimedFen: n('rejectedClaimedFen'),
      rejectedClaims: n('rejectedClaims'),
    },
    notarized: n('notarized'),
    closure: {
      closed: n('closed'),
      byOutcome: countsAt(tally, 'closedByOutcome'),
      settlementRate: share(n('settledAccepted'), n('accepted')),
      onTime: n('onTime'),
      onTimeClosureRate: share(n('onTime'), n('closed')),
      onTimeRecordedLate: n('onTimeRecordedLate'),
      deadlinesByRule: recordsAt(tally, 'deadlinesByRule', (rule) => ({
        stopped: numberAt(rule, 'stopped'),
        metOnTime: numberAt(rule, 'metOnTime'),
        metOnTimeRecordedLate: numberAt(rule, 'metOnTimeRecordedLate'),
      })),
    },
    recordedLate: { events: n('eventsRecordedLate'), cases: n('casesRecordedLate') },
    callbacks: {
      made: n('made'),
      reached: n('reached'),
      answered: n('answered'),
      bySatisfaction: countsAt(tally, 'bySatisfaction'),
      satisfactionRate: share(n('satisfied'), n('answered')),
      satisfactionRateWithBasic: share(n('basic'), n('answered')),
    },
    escalation: { escalations: n('escalations'), casesEscalated: n('casesEscalated') },
  };
};
