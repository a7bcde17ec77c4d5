import * as E from 'fp-ts/lib/Either.js';
import type { Calendar } from '../../calendar/calendar.js';
import { parseInstant } from '../../calendar/instant.js';
import { parseLocalDate } from '../../calendar/localDate.js';
import { DAY_MS, MINUTE_MS } from '../../calendar/time.js';
import { instantMillis } from '../../values/values.js';
import { type JurisdictionDirectory, isSelfOrAbove } from '../../jurisdictions/directory.js';
import { valuesIn } from '../shared/shardedRecord.js';
import { ReportInputError } from '../shared/reportInputError.js';
import type { CaseFacts, StatisticsState } from './statisticsProjection.js';
import type { ReportHeading, StatisticsReport, StatisticsReportOptions } from './statisticsFigures.js';
import { addTally, caseTally, emptyTally, reportOfTally, tallyRulesOf } from './statisticsTally.js';

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

/** A report's options resolved and checked, as {@link statisticsReport} resolves them. */
export interface ResolvedReportOptions {
  /** The period `[from, to)` in epoch milliseconds (`null`: open). */
  readonly from: number | null;
  readonly to: number | null;
  /** The unit whose subtree the figures are for, with the directory; `null` for the whole store. */
  readonly scope: { readonly unit: string; readonly directory: JurisdictionDirectory } | null;
  /** The report's period, unit and kind as it states them. */
  readonly heading: ReportHeading;
}

/**
 * The period, unit and kind of a report's options, checked: throws a {@link ReportInputError} for
 * a bad bound, a period that holds no instant, or a unit without the directory or not in it.
 */
export const resolveReportOptions = (calendar: Calendar, options: StatisticsReportOptions): ResolvedReportOptions => {
  const from = boundMillis('from', options.from, calendar);
  const to = boundMillis('to', options.to, calendar);
  requireNonEmptyPeriod(options, from, to);
  const scope = unitScope(options);
  return {
    from,
    to,
    scope,
    heading: {
      period: { from: from === null ? null : new Date(from).toISOString(), to: to === null ? null : new Date(to).toISOString() },
      unit: scope?.unit ?? null,
      workflow: options.workflow ?? null,
    },
  };
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
  const { from, to, scope, heading } = resolveReportOptions(calendar, options);
  const rules = tallyRulesOf(calendar, options);
  const tally = emptyTally();
  for (const facts of valuesIn(state.cases)) {
    if (!inPeriod(facts, from, to)) continue;
    if (scope !== null && !handledWithin(facts, scope.unit, scope.directory)) continue;
    if (options.workflow !== undefined && facts.workflow !== options.workflow) continue;
    addTally(tally, caseTally(facts, rules));
  }
  return reportOfTally(tally, heading);
};
