import type { Calendar } from '../../calendar/calendar.js';
import { DAY_MS, MINUTE_MS } from '../../calendar/time.js';
import { isSelfOrAbove } from '../../jurisdictions/directory.js';
import { type StatisticsReport, type StatisticsReportOptions, resolveReportOptions } from './statisticsReport.js';
import { type StatisticsRow, factsOfRow } from './statisticsRows.js';
import { type StatisticsTally, type TallyRules, addTally, caseTally, emptyTally, isEmptyTally, reportOfTally, tallyRulesOf } from './statisticsTally.js';

/** The statistics rows submitted on one local day, and their tallies by scope. */
interface Day {
  /** The day's rows by stream id. */
  readonly rows: Map<string, StatisticsRow>;
  /** The tally of the day's rows of each scope (see {@link scopesOf}). */
  readonly tallies: Map<string, StatisticsTally>;
}

/**
 * Every case's statistics row, kept by local day of submission with the tallies of each day
 * (and of all days) for the whole store, each kind, and each district and sub-district: a
 * period's figures for one of these add up the tallies of the whole days it covers and tally only
 * the rows of the days it cuts (`statisticsReportByDay`). Changed as rows change
 * (`putStatisticsRow`, `removeStatisticsRow`): a changed case's old tally is subtracted, its new
 * one added. Built and kept by one owner (e.g. a dashboard following its row read models); the
 * functions change it in place.
 */
export interface StatisticsByDay {
  readonly calendar: Calendar;
  /** The default tally rules (each kind's online channels, the `labour` category). */
  readonly rules: TallyRules;
  /** Each row's local day, by stream id. */
  readonly dayOf: Map<string, number>;
  /** The days holding rows, by local day number (days since 1970-01-01 on the calendar). */
  readonly days: Map<number, Day>;
  /** The tallies of every row, by scope. */
  readonly whole: Map<string, StatisticsTally>;
}

/** Statistics kept by day, holding no rows yet. */
export const statisticsByDay = (calendar: Calendar): StatisticsByDay => ({ calendar, rules: tallyRulesOf(calendar), dayOf: new Map(), days: new Map(), whole: new Map() });

/** The scope of every row, of a kind's, of a unit's subtree: the keys tallies are kept under. */
const EVERY = '';
const kindScope = (kind: string): string => `kind:${kind}`;
const unitScopeKey = (unit: string): string => `unit:${unit}`;

/** The scopes a row is tallied in: every row, its kind, the district and sub-district it was handled in. */
const scopesOf = (row: StatisticsRow): string[] => {
  const scopes = [EVERY, kindScope(row.workflow)];
  if (row.districtUnit !== null) scopes.push(unitScopeKey(row.districtUnit));
  if (row.subDistrictUnit !== null) scopes.push(unitScopeKey(row.subDistrictUnit));
  return scopes;
};

/** The local day (on the calendar) of an instant in epoch milliseconds. */
const localDay = (calendar: Calendar, ms: number): number => Math.floor((ms + calendar.utcOffsetMinutes * MINUTE_MS) / DAY_MS);

/** The instant a local day starts, in epoch milliseconds. */
const dayStart = (calendar: Calendar, day: number): number => day * DAY_MS - calendar.utcOffsetMinutes * MINUTE_MS;

/** Adds (or, with `-1`, subtracts) a row's tally to its scopes' tallies in `tallies`, dropping a scope's tally left empty. */
const tallyInto = (tallies: Map<string, StatisticsTally>, row: StatisticsRow, tally: StatisticsTally, sign: 1 | -1): void => {
  for (const scope of scopesOf(row)) {
    let kept = tallies.get(scope);
    if (kept === undefined) tallies.set(scope, (kept = emptyTally()));
    addTally(kept, tally, sign);
    if (isEmptyTally(kept)) tallies.delete(scope);
  }
};

/** Removes a case's row (by its stream id), if kept. */
export const removeStatisticsRow = (kept: StatisticsByDay, streamId: string): void => {
  const dayNumber = kept.dayOf.get(streamId);
  const day = dayNumber === undefined ? undefined : kept.days.get(dayNumber);
  const row = day?.rows.get(streamId);
  if (dayNumber === undefined || day === undefined || row === undefined) return;
  const tally = caseTally(factsOfRow(row), kept.rules);
  tallyInto(day.tallies, row, tally, -1);
  tallyInto(kept.whole, row, tally, -1);
  day.rows.delete(streamId);
  kept.dayOf.delete(streamId);
  if (day.rows.size === 0) kept.days.delete(dayNumber);
};

/** Keeps a case's row in place of the one kept for its stream, if any. */
export const putStatisticsRow = (kept: StatisticsByDay, row: StatisticsRow): void => {
  removeStatisticsRow(kept, row.streamId);
  const dayNumber = localDay(kept.calendar, row.submittedMs);
  let day = kept.days.get(dayNumber);
  if (day === undefined) kept.days.set(dayNumber, (day = { rows: new Map(), tallies: new Map() }));
  const tally = caseTally(factsOfRow(row), kept.rules);
  tallyInto(day.tallies, row, tally, 1);
  tallyInto(kept.whole, row, tally, 1);
  day.rows.set(row.streamId, row);
  kept.dayOf.set(row.streamId, dayNumber);
};

/** Every row kept. */
export function* statisticsRowsByDay(kept: StatisticsByDay): Iterable<StatisticsRow> {
  for (const day of kept.days.values()) yield* day.rows.values();
}

/**
 * The scope whose kept tallies answer the options, or `null` when rows must be tallied: a unit
 * below sub-district level (or a department), a unit and a kind together, or tally rules other
 * than the defaults.
 */
const keptScopeOf = (options: StatisticsReportOptions, unit: string | null): string | null => {
  if (options.onlineChannels !== undefined || options.workflows !== undefined || options.labourCategory !== undefined) return null;
  const level = unit === null ? 'city' : options.directory?.units.get(unit)?.level;
  if (level === 'city') return options.workflow === undefined ? EVERY : kindScope(options.workflow);
  if (options.workflow !== undefined || unit === null) return null;
  return level === 'district' || level === 'subDistrict' ? unitScopeKey(unit) : null;
};

/**
 * The statistics report of the kept rows for a period, a unit and a kind, equal to
 * `statisticsReportOfRows` over the same rows with the same options: from the kept tallies of the
 * whole days the period covers (the whole store's without a period), and from the rows of the
 * days it cuts — or from every row in the period when no kept tally serves the unit and kind
 * (`keptScopeOf`). Throws a `ReportInputError` for the options `statisticsReport` refuses.
 */
export const statisticsReportByDay = (kept: StatisticsByDay, options: StatisticsReportOptions = {}): StatisticsReport => {
  const { calendar } = kept;
  const { from, to, scope, heading } = resolveReportOptions(calendar, options);
  const keptScope = keptScopeOf(options, scope?.unit ?? null);
  const rules = keptScope === null ? tallyRulesOf(calendar, options) : kept.rules;
  const tally = emptyTally();
  const tallyRows = (rows: Iterable<StatisticsRow>): void => {
    for (const row of rows) {
      if ((from !== null && row.submittedMs < from) || (to !== null && row.submittedMs >= to)) continue;
      if (scope !== null && !isSelfOrAbove(scope.directory, row.handledUnit, scope.unit)) continue;
      if (options.workflow !== undefined && row.workflow !== options.workflow) continue;
      addTally(tally, caseTally(factsOfRow(row), rules));
    }
  };
  if (keptScope !== null && from === null && to === null) addTally(tally, kept.whole.get(keptScope) ?? emptyTally());
  else {
    for (const [dayNumber, day] of kept.days) {
      const [start, end] = [dayStart(calendar, dayNumber), dayStart(calendar, dayNumber + 1)];
      if ((from !== null && end <= from) || (to !== null && start >= to)) continue;
      const whole = (from === null || from <= start) && (to === null || end <= to);
      if (whole && keptScope !== null) addTally(tally, day.tallies.get(keptScope) ?? emptyTally());
      else tallyRows(day.rows.values());
    }
  }
  return reportOfTally(tally, heading);
};
