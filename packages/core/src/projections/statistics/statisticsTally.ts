import type { Calendar } from '../../calendar/calendar.js';
import { mediationWorkflow } from '../../workflow/mediationWorkflow.js';
import { shippedWorkflows } from '../../workflow/shippedWorkflows.js';
import { clockStatuses } from '../shared/clockBook.js';
import { type Counts, share } from '../shared/counts.js';
import type { CaseFacts } from './statisticsProjection.js';
import type { KindFigures, ReportHeading, StatisticsReport, StatisticsReportOptions, UnitFigures } from './statisticsFigures.js';

/** The figures of some cases that are plain sums, in the order of {@link StatisticsTally.sums}. */
const SUMS = [
  'total',
  'online',
  'labour',
  'accepted',
  'rejected',
  'started',
  'labourStarted',
  'ended',
  'mediatedOnline',
  'amountInvolvedFen',
  'labourEnded',
  'labourAgreements',
  'labourAgreedFen',
  'agreements',
  'agreedFen',
  'claims',
  'claimedFen',
  'acceptedClaims',
  'acceptedClaimedFen',
  'rejectedClaims',
  'rejectedClaimedFen',
  'notarized',
  'eventsRecordedLate',
  'casesRecordedLate',
  'closed',
  'settledAccepted',
  'onTime',
  'onTimeRecordedLate',
  'made',
  'reached',
  'answered',
  'satisfied',
  'basic',
  'escalations',
  'casesEscalated',
] as const;
type SumName = (typeof SUMS)[number];
const SUM_INDEX = Object.fromEntries(SUMS.map((name, i) => [name, i])) as Record<SumName, number>;

/**
 * Separates the names of a count's path (`byKind`, a kind, `byStatus`, a status): a lone
 * surrogate, which no text casefold stores can hold (`WellFormedString`), so no name contains it.
 */
const SEPARATOR = '\ud800';

/**
 * The figures of some cases added up, before the shares and rates are worked out: every sum of
 * a {@link StatisticsReport} (`sums`, in a fixed order), and every count by key — by channel, by
 * kind and the kind's own figures, by unit, by rule — under its path (`counts`: a count that
 * reaches zero is absent), so that tallies add and subtract ({@link addTally}) and tallies of the
 * same cases are equal however they were added up. One case's is {@link caseTally};
 * {@link reportOfTally} turns a tally into the report.
 */
export interface StatisticsTally {
  readonly sums: Float64Array;
  readonly counts: Map<string, number>;
}

/** A tally of no case. */
export const emptyTally = (): StatisticsTally => ({ sums: new Float64Array(SUMS.length), counts: new Map() });

/** Whether a tally counts no case. */
export const isEmptyTally = (tally: StatisticsTally): boolean => tally.counts.size === 0 && tally.sums.every((sum) => sum === 0);

/** Adds `from` (times `sign`: `-1` subtracts it) into `into`. */
export const addTally = (into: StatisticsTally, from: StatisticsTally, sign: 1 | -1 = 1): void => {
  for (let i = 0; i < SUMS.length; i++) into.sums[i]! += sign * from.sums[i]!;
  for (const [path, count] of from.counts) {
    const next = (into.counts.get(path) ?? 0) + sign * count;
    if (next === 0) into.counts.delete(path);
    else into.counts.set(path, next);
  }
};

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

/**
 * One case's tally: what it adds to every figure of a report (its kind's and its handling unit's
 * figures too). Deadlines are judged on the rules' calendar, each stopped clock at its stop.
 */
export const caseTally = (facts: CaseFacts, rules: TallyRules): StatisticsTally => {
  const tally = emptyTally();
  const sum = (name: SumName, value: number): void => void (tally.sums[SUM_INDEX[name]] = value);
  const count = (by: number, ...path: string[]): void => {
    if (by === 0) return;
    const key = path.join(SEPARATOR);
    tally.counts.set(key, (tally.counts.get(key) ?? 0) + by);
  };
  const labour = facts.category === rules.labourCategory;
  const online = rules.isOnline(facts);
  const mediated = facts.mediation !== null;
  const closed = facts.outcome !== null;
  const handledAt = facts.mediationUnit ?? facts.handlingUnit;
  const claimed = facts.claimedFen;
  const stopped = Object.fromEntries(Object.entries(facts.clocks).filter(([, clock]) => clock.stoppedAt !== null));
  // `now` does not matter for a stopped clock: it is judged at its stop.
  const statuses = clockStatuses(stopped, {}, facts.submittedAt, rules.calendar);
  const onTime = closed && statuses.every((s) => s.metOnTime === true);
  let satisfied = 0;
  let basic = 0;
  for (const answer of facts.satisfaction) {
    count(1, 'bySatisfaction', answer);
    if (SATISFIED.has(answer)) satisfied += 1;
    if (SATISFIED.has(answer) || answer === 'basicallySatisfied') basic += 1;
  }
  sum('total', 1);
  sum('online', one(online));
  sum('labour', one(labour));
  sum('accepted', one(facts.review === 'accepted'));
  sum('rejected', one(facts.review === 'rejected'));
  sum('started', facts.mediationsStarted);
  sum('labourStarted', labour ? facts.mediationsStarted : 0);
  sum('ended', one(mediated));
  sum('mediatedOnline', one(mediated && online));
  sum('amountInvolvedFen', mediated ? (claimed ?? 0) : 0);
  sum('labourEnded', one(mediated && labour));
  sum('labourAgreements', one(mediated && labour && facts.mediation === 'agreement'));
  sum('labourAgreedFen', mediated && labour ? (facts.agreementFen ?? 0) : 0);
  sum('agreements', one(facts.agreementFen !== null));
  sum('agreedFen', facts.agreementFen ?? 0);
  sum('claims', one(claimed !== null));
  sum('claimedFen', claimed ?? 0);
  sum('acceptedClaims', one(claimed !== null && facts.review === 'accepted'));
  sum('acceptedClaimedFen', facts.review === 'accepted' ? (claimed ?? 0) : 0);
  sum('rejectedClaims', one(claimed !== null && facts.review === 'rejected'));
  sum('rejectedClaimedFen', facts.review === 'rejected' ? (claimed ?? 0) : 0);
  sum('notarized', one(facts.notarized));
  sum('eventsRecordedLate', facts.eventsRecordedLate);
  sum('casesRecordedLate', one(facts.eventsRecordedLate > 0));
  sum('closed', one(closed));
  sum('settledAccepted', one(facts.outcome === 'settled' && facts.review === 'accepted'));
  sum('onTime', one(onTime));
  sum('onTimeRecordedLate', one(onTime && statuses.some((s) => s.onTimeRecordedLate === true)));
  sum('made', facts.callbacksMade);
  sum('reached', facts.callbacksReached);
  sum('answered', facts.satisfaction.length);
  sum('satisfied', satisfied);
  sum('basic', basic);
  sum('escalations', facts.escalations);
  sum('casesEscalated', one(facts.escalations > 0));
  count(1, 'byChannel', facts.channel);
  count(1, 'byCategory', facts.category);
  if (facts.review === 'rejected') count(1, 'rejectedByReason', facts.rejectionReason ?? 'unknown');
  if (facts.mediation !== null) {
    count(1, 'mediationByOutcome', facts.mediation);
    count(1, 'byTrack', facts.track ?? 'unknown');
    count(1, 'mediationByUnit', handledAt);
  }
  if (facts.outcome !== null) count(1, 'closedByOutcome', facts.outcome);
  for (const status of statuses) {
    count(1, 'deadlinesByRule', status.rule, 'stopped');
    count(one(status.metOnTime === true), 'deadlinesByRule', status.rule, 'metOnTime');
    count(one(status.onTimeRecordedLate === true), 'deadlinesByRule', status.rule, 'metOnTimeRecordedLate');
  }
  const kind = facts.workflow;
  count(1, 'byKind', kind, 'received');
  count(1, 'byKind', kind, 'byChannel', facts.channel);
  count(one(online), 'byKind', kind, 'online');
  count(1, 'byKind', kind, 'byStatus', facts.status);
  count(one(facts.status === 'handled'), 'byKind', kind, 'handled');
  if (facts.outcome !== null) {
    count(1, 'byKind', kind, 'closed');
    count(1, 'byKind', kind, 'closedByOutcome', facts.outcome);
  }
  for (const type of Object.keys(facts.ownEvents)) count(1, 'byKind', kind, 'ownEvents', type);
  count(1, 'byUnit', handledAt, 'byKind', kind);
  if (mediated) {
    count(1, 'byUnit', handledAt, 'mediated');
    count(one(online), 'byUnit', handledAt, 'mediatedOnline');
    count(claimed ?? 0, 'byUnit', handledAt, 'amountInvolvedFen');
    if (labour) {
      count(1, 'byUnit', handledAt, 'labourMediated');
      count(facts.agreementFen ?? 0, 'byUnit', handledAt, 'labourAgreedFen');
    }
  }
  if (kind === CONSULTATION) {
    count(1, 'byUnit', handledAt, 'consultations');
    count(one(online), 'byUnit', handledAt, 'onlineConsultations');
  }
  count(one(kind === LEGAL_AID && facts.ownEvents['LegalAidGranted'] !== undefined), 'byUnit', handledAt, 'legalAidCases');
  return tally;
};

/** A tally's counts as nested records, by path: each count where its path leads (a report's own records, not the tally's). */
interface Nested {
  [name: string]: number | Nested;
}

const nestedCounts = (tally: StatisticsTally): Nested => {
  const root: Nested = {};
  for (const [key, count] of tally.counts) {
    const path = key.split(SEPARATOR);
    let record = root;
    for (let i = 0; i < path.length - 1; i++) record = (record[path[i]!] ??= {}) as Nested;
    record[path[path.length - 1]!] = count;
  }
  return root;
};

/** The number at `key` (0 when absent). */
const numberAt = (record: Nested, key: string): number => {
  const value = record[key];
  return typeof value === 'number' ? value : 0;
};

/** The record at `key` (empty when absent). */
const recordAt = (record: Nested, key: string): Nested => {
  const value = record[key];
  return typeof value === 'object' ? value : {};
};

/** The counts at `key` (empty when absent). */
const countsAt = (record: Nested, key: string): Counts => recordAt(record, key) as Counts;

const kindFigures = (kind: Nested): KindFigures => ({
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

const unitFigures = (unit: Nested): UnitFigures => ({
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
const recordsAt = <F>(record: Nested, key: string, figures: (record: Nested) => F): Record<string, F> =>
  Object.fromEntries(Object.entries(recordAt(record, key)).map(([name, below]) => [name, figures(below as Nested)]));

/** The report of a tally: its figures, with the shares and rates worked out. */
export const reportOfTally = (tally: StatisticsTally, heading: ReportHeading): StatisticsReport => {
  const n = (name: SumName): number => tally.sums[SUM_INDEX[name]]!;
  const counts = nestedCounts(tally);
  const kinds = recordAt(counts, 'byKind');
  const consultations = recordAt(kinds, CONSULTATION);
  const legalAid = recordAt(kinds, LEGAL_AID);
  const own = (kind: Nested, type: string): number => numberAt(recordAt(kind, 'ownEvents'), type);
  const mediationByOutcome = countsAt(counts, 'mediationByOutcome');
  return {
    ...heading,
    byKind: recordsAt(counts, 'byKind', kindFigures),
    byUnit: recordsAt(counts, 'byUnit', unitFigures),
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
      byChannel: countsAt(counts, 'byChannel'),
      online: n('online'),
      onlineShare: share(n('online'), n('total')),
      byCategory: countsAt(counts, 'byCategory'),
      labour: n('labour'),
      labourShare: share(n('labour'), n('total')),
    },
    review: { accepted: n('accepted'), rejected: n('rejected'), rejectedByReason: countsAt(counts, 'rejectedByReason'), notReviewed: n('total') - n('accepted') - n('rejected') },
    mediation: {
      started: n('started'),
      ended: n('ended'),
      online: n('mediatedOnline'),
      amountInvolvedFen: n('amountInvolvedFen'),
      byOutcome: mediationByOutcome,
      byTrack: countsAt(counts, 'byTrack'),
      successRate: share(mediationByOutcome['agreement'] ?? 0, n('ended')),
      byUnit: countsAt(counts, 'mediationByUnit'),
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
      byOutcome: countsAt(counts, 'closedByOutcome'),
      settlementRate: share(n('settledAccepted'), n('accepted')),
      onTime: n('onTime'),
      onTimeClosureRate: share(n('onTime'), n('closed')),
      onTimeRecordedLate: n('onTimeRecordedLate'),
      deadlinesByRule: recordsAt(counts, 'deadlinesByRule', (rule) => ({
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
      bySatisfaction: countsAt(counts, 'bySatisfaction'),
      satisfactionRate: share(n('satisfied'), n('answered')),
      satisfactionRateWithBasic: share(n('basic'), n('answered')),
    },
    escalation: { escalations: n('escalations'), casesEscalated: n('casesEscalated') },
  };
};
