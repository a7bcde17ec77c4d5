import * as E from 'fp-ts/lib/Either.js';
import type { Calendar } from '../../calendar/calendar.js';
import { parseInstant } from '../../calendar/instant.js';
import { parseLocalDate } from '../../calendar/localDate.js';
import { DAY_MS, MINUTE_MS } from '../../calendar/time.js';
import { instantMillis } from '../../values/values.js';
import { type JurisdictionDirectory, isSelfOrAbove } from '../../jurisdictions/directory.js';
import { mediationWorkflow } from '../../workflow/mediationWorkflow.js';
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
  /** Channels counted as online. Default: the mediation workflow's `onlineChannels`. */
  readonly onlineChannels?: readonly string[];
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

/** The published figures of a period (DOMAIN.md §6 identifiers in brackets). */
export interface StatisticsReport {
  /** The resolved period as UTC instants; `null` for an open end. */
  readonly period: { readonly from: string | null; readonly to: string | null };
  /** The unit the figures are for (with every unit below it); `null` for the whole store. */
  readonly unit: string | null;
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
    /** Mediations that ended (`Mediated`): agreement, no agreement or withdrawn. */
    readonly ended: number;
    readonly byOutcome: Counts;
    /** Ended mediations by track [`peopleMediationCount` / `administrativeMediationCount` / `judicialMediationCount`]. */
    readonly byTrack: Counts;
    /** Agreements ÷ mediations ended [`mediationSuccessRate`]. */
    readonly successRate: number | null;
    /** Ended mediations by the unit that mediated them. */
    readonly byUnit: Counts;
    /** Labour-dispute mediations (the labour bureau's figure; the category given as `labourCategory`). */
    readonly labour: { readonly started: number; readonly ended: number; readonly agreements: number; readonly successRate: number | null };
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
    /** Settled ÷ accepted [`settlementRate`]. */
    readonly settlementRate: number | null;
    /** Closed cases every deadline of which stopped by its due time. */
    readonly onTime: number;
    /** `onTime ÷ closed` [`onTimeClosureRate`, with closed cases as the denominator]. */
    readonly onTimeClosureRate: number | null;
    /** Stopped deadlines by rule, and how many stopped by their due time. */
    readonly deadlinesByRule: Readonly<Record<string, { readonly stopped: number; readonly metOnTime: number }>>;
  };
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

/**
 * The figures a centre publishes, over the cases submitted in a period (all cases when no
 * bound is given): intake by channel and online share, review outcomes, mediations by
 * track and success rate, agreed and claimed amounts in integer fen, notarizations,
 * on-time closure, call-back satisfaction, escalations. Deadlines are judged on
 * `calendar`. One pass over the cases. Throws a {@link ReportInputError} for a bad bound, or
 * for a period that holds no instant (`from` not before `to`).
 */
export const statisticsReport = (state: StatisticsState, calendar: Calendar, options: StatisticsReportOptions = {}): StatisticsReport => {
  const from = boundMillis('from', options.from, calendar);
  const to = boundMillis('to', options.to, calendar);
  requireNonEmptyPeriod(options, from, to);
  const scope = unitScope(options);
  const online = new Set(options.onlineChannels ?? mediationWorkflow.onlineChannels);
  const labourCategory = options.labourCategory ?? 'labour';
  const byChannel: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const rejectedByReason: Record<string, number> = {};
  const mediationByOutcome: Record<string, number> = {};
  const byTrack: Record<string, number> = {};
  const mediationByUnit: Record<string, number> = {};
  const closedByOutcome: Record<string, number> = {};
  const bySatisfaction: Record<string, number> = {};
  const deadlinesByRule: Record<string, { stopped: number; metOnTime: number }> = {};
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
    notarized: 0,
    closed: 0,
    onTime: 0,
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
    const labour = facts.category === labourCategory;
    sums.total += 1;
    addCount(byChannel, facts.channel);
    addCount(byCategory, facts.category);
    if (online.has(facts.channel)) sums.online += 1;
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
      if (labour) {
        sums.labourEnded += 1;
        if (facts.mediation === 'agreement') sums.labourAgreements += 1;
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
      const tally = (deadlinesByRule[status.rule] ??= { stopped: 0, metOnTime: 0 });
      tally.stopped += 1;
      if (status.metOnTime === true) tally.metOnTime += 1;
    }
    if (facts.outcome !== null) {
      sums.closed += 1;
      addCount(closedByOutcome, facts.outcome);
      if (statuses.every((s) => s.metOnTime === true)) sums.onTime += 1;
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
  return {
    period: { from: from === null ? null : new Date(from).toISOString(), to: to === null ? null : new Date(to).toISOString() },
    unit: scope?.unit ?? null,
    intake: { total: sums.total, byChannel, online: sums.online, onlineShare: share(sums.online, sums.total), byCategory, labour: sums.labour, labourShare: share(sums.labour, sums.total) },
    review: { accepted: sums.accepted, rejected: sums.rejected, rejectedByReason, notReviewed: sums.total - sums.accepted - sums.rejected },
    mediation: {
      started: sums.started,
      ended: sums.ended,
      byOutcome: mediationByOutcome,
      byTrack,
      successRate: share(mediationByOutcome['agreement'] ?? 0, sums.ended),
      byUnit: mediationByUnit,
      labour: { started: sums.labourStarted, ended: sums.labourEnded, agreements: sums.labourAgreements, successRate: share(sums.labourAgreements, sums.labourEnded) },
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
      settlementRate: share(closedByOutcome['settled'] ?? 0, sums.accepted),
      onTime: sums.onTime,
      onTimeClosureRate: share(sums.onTime, sums.closed),
      deadlinesByRule,
    },
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
