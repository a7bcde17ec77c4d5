import * as E from 'fp-ts/lib/Either.js';
import type { Calendar } from '../../calendar/calendar.js';
import { parseInstant } from '../../calendar/instant.js';
import { parseLocalDate } from '../../calendar/localDate.js';
import { DAY_MS, MINUTE_MS } from '../../calendar/time.js';
import { instantMillis } from '../../values/values.js';
import { type JurisdictionDirectory, isSelfOrAbove } from '../../jurisdictions/directory.js';
import { mediationWorkflow } from '../../workflow/mediationWorkflow.js';
import { shippedWorkflows } from '../../workflow/shippedWorkflows.js';
import type { Workflow } from '../../workflow/workflow.js';
import { clockStatuses } from '../shared/clockBook.js';
import { type Counts, addCount, share } from '../shared/counts.js';
import { valuesIn } from '../shared/shardedRecord.js';
import { ReportInputError } from '../shared/reportInputError.js';
import type { CaseFacts, StatisticsState } from './statisticsProjection.js';

/** Options of {@link statisticsReport}. */
export interface StatisticsReportOptions {
  /** Only cases submitted at or after this: an ISO-8601 UTC instant, or a `YYYY-MM-DD` date (local midnight on the calendar). */
  readonly from?: string;
  /** Only cases submitted before this (exclusive); same forms as `from`, and after `from` when both are given. */
  readonly to?: string;
  /**
   * Channels counted as online, for every kind. Default: each kind's own `onlineChannels`
   * (from `workflows`; the mediation workflow's for a kind not among them).
   */
  readonly onlineChannels?: readonly string[];
  /** The workflows whose `onlineChannels` say what is online for their kind (every version of an id together). Default: `shippedWorkflows`. */
  readonly workflows?: readonly Workflow[];
  /** Only cases of this kind (a workflow id, e.g. `mediation` or `legalAid`); all kinds when absent. */
  readonly workflow?: string;
  /** The category counted as labour disputes. Default: `labour`. */
  readonly labourCategory?: string;
  /**
   * Only cases handled at this unit or below it: mediated there, or (not mediated) held there
   * now — e.g. a sub-district's figures, or the labour bureau's beside the centre's. Needs
   * `directory`.
   */
  readonly unit?: string;
  /** The jurisdiction directory, to tell which units lie below `unit`. */
  readonly directory?: JurisdictionDirectory;
}

/** The figures of one case kind (a workflow id). */
export interface KindFigures {
  /** Cases of the kind submitted in the period. */
  readonly received: number;
  readonly byChannel: Counts;
  /** Submitted through one of the kind's online channels. */
  readonly online: number;
  readonly onlineShare: number | null;
  /** Cases by the public status they show now (未审核/待办理/已处理/已拒绝). */
  readonly byStatus: Counts;
  /** Cases that show 已处理 (handled) now, closed or not. */
  readonly handled: number;
  readonly closed: number;
  readonly closedByOutcome: Counts;
  /** Cases that recorded each of the kind's own events (not the shared lifecycle's) at least once, by event type. */
  readonly ownEvents: Counts;
}

/** The published figures of one unit or department: of the cases handled there (mediated there, or, never mediated, held there now). */
export interface UnitFigures {
  /** Cases handled at the unit, by kind (workflow id). */
  readonly byKind: Counts;
  /** Mediations that ended there. */
  readonly mediated: number;
  /** Of which the case came in online. */
  readonly mediatedOnline: number;
  /** Claimed amounts of the cases mediated there, integer fen. */
  readonly amountInvolvedFen: number;
  /** Labour-dispute mediations that ended there. */
  readonly labourMediated: number;
  /** Amounts agreed in those labour mediations, integer fen. */
  readonly labourAgreedFen: number;
  readonly consultations: number;
  readonly onlineConsultations: number;
  /** Legal-aid applications granted there (legal-aid cases). */
  readonly legalAidCases: number;
}

/** The published figures of a period (DOMAIN.md §6 identifiers in brackets). */
export interface StatisticsReport {
  /** The resolved period as UTC instants; `null` for an open end. */
  readonly period: { readonly from: string | null; readonly to: string | null };
  /** The unit the figures are for (with every unit below it); `null` for the whole store. */
  readonly unit: string | null;
  /** The kind the figures are for (a workflow id); `null` for every kind. */
  readonly workflow: string | null;
  /** The figures of each case kind, by workflow id. */
  readonly byKind: Readonly<Record<string, KindFigures>>;
  /** The figures of each unit and department where cases were handled, by unit id. */
  readonly byUnit: Readonly<Record<string, UnitFigures>>;
  /** The one-stop centre's legal services (the `legalConsultation` and `legalAid` kinds). */
  readonly legalServices: {
    readonly consultations: {
      /** Consultations received [`legalConsultationCount`]. */
      readonly total: number;
      /** Received through an online channel (网上咨询). */
      readonly online: number;
      /** Received on site (at a window). */
      readonly onSite: number;
      readonly answered: number;
      readonly referred: number;
    };
    readonly legalAid: {
      readonly applications: number;
      readonly online: number;
      /** Applications granted: the legal-aid cases [`legalAidCaseCount`]. */
      readonly granted: number;
      readonly refused: number;
      /** Granted applications a provider was assigned to. */
      readonly assigned: number;
    };
  };
  readonly intake: {
    /** Cases submitted in the period [`intakeCount`]. */
    readonly total: number;
    readonly byChannel: Counts;
    /** Submitted through an online channel [`onlineCaseCount`]. */
    readonly online: number;
    readonly onlineShare: number | null;
    readonly byCategory: Counts;
    readonly labour: number;
    /** Labour disputes ÷ intake (the source: over 60%). */
    readonly labourShare: number | null;
  };
  readonly review: {
    /** Accepted [`filedCount`]. */
    readonly accepted: number;
    readonly rejected: number;
    readonly rejectedByReason: Counts;
    /** Neither accepted nor rejected (still unreviewed, or withdrawn before review). */
    readonly notReviewed: number;
  };
  readonly mediation: {
    readonly started: number;
    /** Mediations that ended (`Mediated`): agreement, no agreement or withdrawn — the cases mediated. */
    readonly ended: number;
    /** Ended mediations of cases that came in online (网上案件). */
    readonly online: number;
    /** Claimed amounts of the cases whose mediation ended, integer fen [`amountInvolvedCny`, ×100: the money at stake in mediated cases]. */
    readonly amountInvolvedFen: number;
    readonly byOutcome: Counts;
    /** Ended mediations by track [`peopleMediationCount` / `administrativeMediationCount` / `judicialMediationCount`]. */
    readonly byTrack: Counts;
    /** Agreements ÷ mediations ended [`mediationSuccessRate`]. */
    readonly successRate: number | null;
    /** Ended mediations by the unit that mediated them. */
    readonly byUnit: Counts;
    /**
     * Labour-dispute mediations (the labour bureau's figure; the category given as `labourCategory`),
     * with the amounts agreed in them (`agreedFen`, integer fen: the nearest recorded figure to the
     * amounts recovered, which no event records).
     */
    readonly labour: { readonly started: number; readonly ended: number; readonly agreements: number; readonly successRate: number | null; readonly agreedFen: number };
  };
  readonly amounts: {
    /** Sum of agreed amounts, integer fen. */
    readonly agreedFen: number;
    readonly agreements: number;
    /** Sum of claimed amounts of every request submitted, rejected ones included, integer fen (what citizens brought). */
    readonly claimedFen: number;
    /** Requests that stated a claimed amount. */
    readonly claims: number;
    /** Sum of claimed amounts of accepted cases only, integer fen [`amountInvolvedCny`, ×100]: the amount involved in the centre's work. */
    readonly acceptedClaimedFen: number;
    readonly acceptedClaims: number;
    /** Sum of claimed amounts of rejected requests, integer fen (kept apart from the amount involved). */
    readonly rejectedClaimedFen: number;
    readonly rejectedClaims: number;
  };
  /** Agreements notarized with enforcement effect (赋强公证). */
  readonly notarized: number;
  readonly closure: {
    readonly closed: number;
    readonly byOutcome: Counts;
    /** Accepted cases settled ÷ accepted [`settlementRate`]. */
    readonly settlementRate: number | null;
    /** Closed cases every deadline of which stopped by its due time. */
    readonly onTime: number;
    /** `onTime ÷ closed` [`onTimeClosureRate`, with closed cases as the denominator]. */
    readonly onTimeClosureRate: number | null;
    /**
     * Of the on-time closures, those on time only by the date of a fact recorded after a due
     * time: a deadline whose stop is dated by its due time but was recorded after it ("on time,
     * recorded late"). Still counted in `onTime`: the date is the fact's, the policy allowed it.
     */
    readonly onTimeRecordedLate: number;
    /** Stopped deadlines by rule, how many stopped by their due time, and of those how many only by a fact recorded after it. */
    readonly deadlinesByRule: Readonly<Record<string, { readonly stopped: number; readonly metOnTime: number; readonly metOnTimeRecordedLate: number }>>;
  };
  /** Events recorded more than an hour after they happened (`RECORDED_LATE_AFTER_MS`), and the cases with any. */
  readonly recordedLate: { readonly events: number; readonly cases: number };
  readonly callbacks: {
    readonly made: number;
    readonly reached: number;
    /** Call-backs with a satisfaction answer. */
    readonly answered: number;
    readonly bySatisfaction: Counts;
    /** (very satisfied + satisfied) ÷ answered [`satisfactionRate`]. */
    readonly satisfactionRate: number | null;
    /** (very satisfied + satisfied + basically satisfied) ÷ answered; whether "basically" counts is unverified. */
    readonly satisfactionRateWithBasic: number | null;
  };
  readonly escalation: {
    readonly escalations: number;
    readonly casesEscalated: number;
  };
}

/** Epoch milliseconds of a period bound: an instant, or a local date's midnight on the calendar. */
const boundMillis = (field: 'from' | 'to', value: string | undefined, calendar: Calendar): number | null => {
  if (value === undefined) return null;
  const day = parseLocalDate(value);
  if (E.isRight(day)) return day.right * DAY_MS - calendar.utcOffsetMinutes * MINUTE_MS;
  const instant = parseInstant(value);
  if (E.isRight(instant)) return instant.right;
  throw new ReportInputError(`statisticsReport: ${field}`, `expected an ISO-8601 UTC instant or a YYYY-MM-DD date, got ${JSON.stringify(value)}`);
};

/** Checks that the period `[from, to)` holds an instant: `from` before `to` when both are given. */
const requireNonEmptyPeriod = (options: StatisticsReportOptions, from: number | null, to: number | null): void => {
  if (from === null || to === null || from < to) return;
  throw new ReportInputError(
    'statisticsReport: period',
    `from ${options.from} (${new Date(from).toISOString()}) is not before to ${options.to} (${new Date(to).toISOString()}), so the period [from, to) holds no instant; give a from earlier than the to (or leave either out)`,
  );
};

const inPeriod = (facts: CaseFacts, from: number | null, to: number | null): boolean => {
  const at = instantMillis(facts.submittedAt);
  return (from === null || at >= from) && (to === null || at < to);
};

const SATISFIED: ReadonlySet<string> = new Set(['verySatisfied', 'satisfied']);

/** Whether a case was handled at `unit` or below: where it was mediated, or (never mediated) where it is held now. */
const handledWithin = (facts: CaseFacts, unit: string, directory: JurisdictionDirectory): boolean => isSelfOrAbove(directory, facts.mediationUnit ?? facts.handlingUnit, unit);

/** The unit filter of the options, checked: `null` for the whole store. */
const unitScope = (options: StatisticsReportOptions): { readonly unit: string; readonly directory: JurisdictionDirectory } | null => {
  if (options.unit === undefined) return null;
  if (options.directory === undefined) throw new ReportInputError('statisticsReport: unit', `figures for unit ${JSON.stringify(options.unit)} need the jurisdiction directory: pass directory as well`);
  if (!options.directory.units.has(options.unit))
    throw new ReportInputError('statisticsReport: unit', `${JSON.stringify(options.unit)} is not a unit of the directory; give the id of a unit or department`);
  return { unit: options.unit, directory: options.directory };
};

/** Whether a case came in online: through the given channels, or else through its own kind's online channels. */
const onlineTest = (options: StatisticsReportOptions): ((facts: CaseFacts) => boolean) => {
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

/** The kinds the one-stop centre's legal-service figures come from, and their own events. */
const CONSULTATION = 'legalConsultation';
const LEGAL_AID = 'legalAid';

type MutableKindFigures = { -readonly [K in keyof KindFigures]: KindFigures[K] extends Counts ? Record<string, number> : KindFigures[K] };
type MutableUnitFigures = { -readonly [K in keyof UnitFigures]: UnitFigures[K] extends Counts ? Record<string, number> : UnitFigures[K] };

const newKind = (): MutableKindFigures => ({ received: 0, byChannel: {}, online: 0, onlineShare: null, byStatus: {}, handled: 0, closed: 0, closedByOutcome: {}, ownEvents: {} });
const newUnit = (): MutableUnitFigures => ({
  byKind: {},
  mediated: 0,
  mediatedOnline: 0,
  amountInvolvedFen: 0,
  labourMediated: 0,
  labourAgreedFen: 0,
  consultations: 0,
  onlineConsultations: 0,
  legalAidCases: 0,
});

/** Adds one case to its kind's figures. */
const tallyKind = (kind: MutableKindFigures, facts: CaseFacts, online: boolean): void => {
  kind.received += 1;
  addCount(kind.byChannel, facts.channel);
  if (online) kind.online += 1;
  addCount(kind.byStatus, facts.status);
  if (facts.status === 'handled') kind.handled += 1;
  if (facts.outcome !== null) {
    kind.closed += 1;
    addCount(kind.closedByOutcome, facts.outcome);
  }
  for (const type of Object.keys(facts.ownEvents)) addCount(kind.ownEvents, type);
};

/** Adds one case to the figures of the unit that handled it. */
const tallyUnit = (unit: MutableUnitFigures, facts: CaseFacts, online: boolean, labour: boolean): void => {
  addCount(unit.byKind, facts.workflow);
  if (facts.mediation !== null) {
    unit.mediated += 1;
    if (online) unit.mediatedOnline += 1;
    unit.amountInvolvedFen += facts.claimedFen ?? 0;
    if (labour) {
      unit.labourMediated += 1;
      unit.labourAgreedFen += facts.agreementFen ?? 0;
    }
  }
  if (facts.workflow === CONSULTATION) {
    unit.consultations += 1;
    if (online) unit.onlineConsultations += 1;
  }
  if (facts.workflow === LEGAL_AID && facts.ownEvents['LegalAidGranted'] !== undefined) unit.legalAidCases += 1;
};

/**
 * The figures a centre publishes, over the cases submitted in a period (all cases when no
 * bound is given), of every kind or of one (`workflow`): intake by channel and online share,
 * review outcomes, mediations by track and success rate, online mediated cases and the
 * amount involved, labour mediations, agreed and claimed amounts in integer fen,
 * notarizations, on-time closure, call-back satisfaction, escalations; each kind's figures
 * (received, online, handled, closed, its own events); legal consultations (online and on
 * site) and legal-aid cases; and the figures of each unit and department. Deadlines are
 * judged on `calendar`. One pass over the cases. Throws a {@link ReportInputError} for a bad bound, or
 * for a period that holds no instant (`from` not before `to`).
 */
export const statisticsReport = (state: StatisticsState, calendar: Calendar, options: StatisticsReportOptions = {}): StatisticsReport => {
  const from = boundMillis('from', options.from, calendar);
  const to = boundMillis('to', options.to, calendar);
  requireNonEmptyPeriod(options, from, to);
  const scope = unitScope(options);
  const isOnline = onlineTest(options);
  const byKind: Record<string, MutableKindFigures> = {};
  const byUnit: Record<string, MutableUnitFigures> = {};
  const labourCategory = options.labourCategory ?? 'labour';
  const byChannel: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const rejectedByReason: Record<string, number> = {};
  const mediationByOutcome: Record<string, number> = {};
  const byTrack: Record<string, number> = {};
  const mediationByUnit: Record<string, number> = {};
  const closedByOutcome: Record<string, number> = {};
  const bySatisfaction: Record<string, number> = {};
  const deadlinesByRule: Record<string, { stopped: number; metOnTime: number; metOnTimeRecordedLate: number }> = {};
  /** Running sums over the period's cases. */
  const sums = {
    total: 0,
    online: 0,
    labour: 0,
    accepted: 0,
    rejected: 0,
    started: 0,
    ended: 0,
    agreements: 0,
    agreedFen: 0,
    claims: 0,
    claimedFen: 0,
    acceptedClaims: 0,
    acceptedClaimedFen: 0,
    rejectedClaims: 0,
    rejectedClaimedFen: 0,
    labourStarted: 0,
    labourEnded: 0,
    labourAgreements: 0,
    labourAgreedFen: 0,
    mediatedOnline: 0,
    amountInvolvedFen: 0,
    settledAccepted: 0,
    notarized: 0,
    closed: 0,
    onTime: 0,
    onTimeRecordedLate: 0,
    eventsRecordedLate: 0,
    casesRecordedLate: 0,
    made: 0,
    reached: 0,
    answered: 0,
    satisfied: 0,
    basic: 0,
    escalations: 0,
    casesEscalated: 0,
  };
  for (const facts of valuesIn(state.cases)) {
    if (!inPeriod(facts, from, to)) continue;
    if (scope !== null && !handledWithin(facts, scope.unit, scope.directory)) continue;
    if (options.workflow !== undefined && facts.workflow !== options.workflow) continue;
    const labour = facts.category === labourCategory;
    const online = isOnline(facts);
    tallyKind((byKind[facts.workflow] ??= newKind()), facts, online);
    tallyUnit((byUnit[facts.mediationUnit ?? facts.handlingUnit] ??= newUnit()), facts, online, labour);
    sums.total += 1;
    addCount(byChannel, facts.channel);
    addCount(byCategory, facts.category);
    if (online) sums.online += 1;
    if (labour) sums.labour += 1;
    if (facts.review === 'accepted') sums.accepted += 1;
    if (facts.review === 'rejected') {
      sums.rejected += 1;
      addCount(rejectedByReason, facts.rejectionReason ?? 'unknown');
    }
    sums.started += facts.mediationsStarted;
    if (labour) sums.labourStarted += facts.mediationsStarted;
    if (facts.mediation !== null) {
      sums.ended += 1;
      addCount(mediationByOutcome, facts.mediation);
      addCount(byTrack, facts.track ?? 'unknown');
      addCount(mediationByUnit, facts.mediationUnit ?? facts.handlingUnit);
      if (online) sums.mediatedOnline += 1;
      sums.amountInvolvedFen += facts.claimedFen ?? 0;
      if (labour) {
        sums.labourEnded += 1;
        if (facts.mediation === 'agreement') sums.labourAgreements += 1;
        sums.labourAgreedFen += facts.agreementFen ?? 0;
      }
    }
    if (facts.agreementFen !== null) {
      sums.agreements += 1;
      sums.agreedFen += facts.agreementFen;
    }
    if (facts.claimedFen !== null) {
      sums.claims += 1;
      sums.claimedFen += facts.claimedFen;
      if (facts.review === 'accepted') {
        sums.acceptedClaims += 1;
        sums.acceptedClaimedFen += facts.claimedFen;
      }
      if (facts.review === 'rejected') {
        sums.rejectedClaims += 1;
        sums.rejectedClaimedFen += facts.claimedFen;
      }
    }
    if (facts.notarized) sums.notarized += 1;
    const stopped = Object.fromEntries(Object.entries(facts.clocks).filter(([, clock]) => clock.stoppedAt !== null));
    // `now` does not matter for a stopped clock: it is judged at its stop.
    const statuses = clockStatuses(stopped, {}, facts.submittedAt, calendar);
    for (const status of statuses) {
      const tally = (deadlinesByRule[status.rule] ??= { stopped: 0, metOnTime: 0, metOnTimeRecordedLate: 0 });
      tally.stopped += 1;
      if (status.metOnTime === true) tally.metOnTime += 1;
      if (status.onTimeRecordedLate === true) tally.metOnTimeRecordedLate += 1;
    }
    sums.eventsRecordedLate += facts.eventsRecordedLate;
    if (facts.eventsRecordedLate > 0) sums.casesRecordedLate += 1;
    if (facts.outcome !== null) {
      sums.closed += 1;
      addCount(closedByOutcome, facts.outcome);
      if (facts.outcome === 'settled' && facts.review === 'accepted') sums.settledAccepted += 1;
      if (statuses.every((s) => s.metOnTime === true)) {
        sums.onTime += 1;
        if (statuses.some((s) => s.onTimeRecordedLate === true)) sums.onTimeRecordedLate += 1;
      }
    }
    sums.made += facts.callbacksMade;
    sums.reached += facts.callbacksReached;
    for (const answer of facts.satisfaction) {
      sums.answered += 1;
      addCount(bySatisfaction, answer);
      if (SATISFIED.has(answer)) sums.satisfied += 1;
      if (SATISFIED.has(answer) || answer === 'basicallySatisfied') sums.basic += 1;
    }
    sums.escalations += facts.escalations;
    if (facts.escalations > 0) sums.casesEscalated += 1;
  }
  for (const kind of Object.values(byKind)) kind.onlineShare = share(kind.online, kind.received);
  const consultations = byKind[CONSULTATION] ?? newKind();
  const legalAid = byKind[LEGAL_AID] ?? newKind();
  return {
    period: { from: from === null ? null : new Date(from).toISOString(), to: to === null ? null : new Date(to).toISOString() },
    unit: scope?.unit ?? null,
    workflow: options.workflow ?? null,
    byKind,
    byUnit,
    legalServices: {
      consultations: {
        total: consultations.received,
        online: consultations.online,
        onSite: consultations.received - consultations.online,
        answered: consultations.ownEvents['ConsultationAnswered'] ?? 0,
        referred: consultations.ownEvents['ConsultationReferred'] ?? 0,
      },
      legalAid: {
        applications: legalAid.received,
        online: legalAid.online,
        granted: legalAid.ownEvents['LegalAidGranted'] ?? 0,
        refused: legalAid.ownEvents['LegalAidRefused'] ?? 0,
        assigned: legalAid.ownEvents['LegalAidAssigned'] ?? 0,
      },
    },
    intake: { total: sums.total, byChannel, online: sums.online, onlineShare: share(sums.online, sums.total), byCategory, labour: sums.labour, labourShare: share(sums.labour, sums.total) },
    review: { accepted: sums.accepted, rejected: sums.rejected, rejectedByReason, notReviewed: sums.total - sums.accepted - sums.rejected },
    mediation: {
      started: sums.started,
      ended: sums.ended,
      online: sums.mediatedOnline,
      amountInvolvedFen: sums.amountInvolvedFen,
      byOutcome: mediationByOutcome,
      byTrack,
      successRate: share(mediationByOutcome['agreement'] ?? 0, sums.ended),
      byUnit: mediationByUnit,
      labour: { started: sums.labourStarted, ended: sums.labourEnded, agreements: sums.labourAgreements, successRate: share(sums.labourAgreements, sums.labourEnded), agreedFen: sums.labourAgreedFen },
    },
    amounts: {
      agreedFen: sums.agreedFen,
      agreements: sums.agreements,
      claimedFen: sums.claimedFen,
      claims: sums.claims,
      acceptedClaimedFen: sums.acceptedClaimedFen,
      acceptedClaims: sums.acceptedClaims,
      rejectedClaimedFen: sums.rejectedClaimedFen,
      rejectedClaims: sums.rejectedClaims,
    },
    notarized: sums.notarized,
    closure: {
      closed: sums.closed,
      byOutcome: closedByOutcome,
      settlementRate: share(sums.settledAccepted, sums.accepted),
      onTime: sums.onTime,
      onTimeClosureRate: share(sums.onTime, sums.closed),
      onTimeRecordedLate: sums.onTimeRecordedLate,
      deadlinesByRule,
    },
    recordedLate: { events: sums.eventsRecordedLate, cases: sums.casesRecordedLate },
    callbacks: {
      made: sums.made,
      reached: sums.reached,
      answered: sums.answered,
      bySatisfaction,
      satisfactionRate: share(sums.satisfied, sums.answered),
      satisfactionRateWithBasic: share(sums.basic, sums.answered),
    },
    escalation: { escalations: sums.escalations, casesEscalated: sums.casesEscalated },
  };
};
