import type { Calendar } from '../../calendar/calendar.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../calendar/time.js';
import { isSelfOrAbove } from '../../jurisdictions/directory.js';
import type { StatisticsReport, StatisticsReportOptions } from './statisticsFigures.js';
import { resolveReportOptions } from './statisticsReport.js';
import { type StatisticsRow, factsOfRow } from './statisticsRows.js';
import { type StatisticsTally, type TallyRules, addTally, caseTally, emptyTally, isEmptyTally, reportOfTally, tallyRulesOf } from './statisticsTally.js';

/** The statistics rows submitted in one local hour, and their tallies for the whole store and each kind. */
interface Hour {
  /** The hour's rows by stream id. */
  readonly rows: Map<string, StatisticsRow>;
  /** The tally of the hour's rows of every scope but the units' (see {@link scopesOf}). */
  readonly tallies: Map<string, StatisticsTally>;
}

/** The statistics rows submitted on one local day, by hour, and the day's tallies by scope. */
interface Day {
  /** The day's hours holding rows, by hour of the day (0–23). */
  readonly hours: Map<number, Hour>;
  /** The tally of the day's rows of each scope (see {@link scopesOf}). */
  readonly tallies: Map<string, StatisticsTally>;
}

/** Where a row is kept: its local day and its hour of that day. */
interface Place {
  readonly day: number;
  readonly hour: number;
}

/**
 * Every case's statistics row, kept by local day and hour of submission with the tallies of each
 * day (and of all days) for the whole store, each kind, and each district and sub-district, and of
 * each hour for the whole store and each kind: a period's figures for one of these add up the
 * tallies of the whole days it covers (and, for the whole store or a kind, the whole hours of the
 * days it cuts), and tally only the rows of the rest (`statisticsReportByDay`). Changed as rows
 * change (`putStatisticsRow`, `removeStatisticsRow`): a changed case's old tally is subtracted,
 * its new one added. Built and kept by one owner (e.g. a dashboard following its row read
 * models); the functions change it in place.
 */
export interface StatisticsByDay {
  readonly calendar: Calendar;
  /** The default tally rules (each kind's online channels, the `labour` category). */
  readonly rules: TallyRules;
  /** Each row's day and hour, by stream id. */
  readonly placeOf: Map<string, Place>;
  /** The days holding rows, by local day number (days since 1970-01-01 on the calendar). */
  readonly days: Map<number, Day>;
  /** The tallies of every row, by scope. */
  readonly whole: Map<string, StatisticsTally>;
}

/** Statistics kept by day, holding no rows yet. */
export const statisticsByDay = (calendar: Calendar): StatisticsByDay => ({ calendar, rules: tallyRulesOf(calendar), placeOf: new Map(), days: new Map(), whole: new Map() });

/** The scope of every row, of a kind's, of a unit's subtree: the keys tallies are kept under. */
const EVERY = '';
const kindScope = (kind: string): string => `kind:${kind}`;
const unitScopeKey = (unit: string): string => `unit:${unit}`;

/** The scopes a row is tallied in per hour: every row and its kind. */
const hourScopesOf = (row: StatisticsRow): string[] => [EVERY, kindScope(row.workflow)];

/** The scopes a row is tallied in per day: also the district and sub-district it was handled in. */
const scopesOf = (row: StatisticsRow): string[] => {
  const scopes = hourScopesOf(row);
  if (row.districtUnit !== null) scopes.push(unitScopeKey(row.districtUnit));
  if (row.subDistrictUnit !== null) scopes.push(unitScopeKey(row.subDistrictUnit));
  return scopes;
};

/** The local day and hour (on the calendar) of an instant in epoch milliseconds. */
const placeAt = (calendar: Calendar, ms: number): Place => {
  const local = ms + calendar.utcOffsetMinutes * MINUTE_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, hour: Math.floor((local - day * DAY_MS) / HOUR_MS) };
};

/** The instant an hour of a local day starts, in epoch milliseconds (hour 24: the next day's start). */
const hourStart = (calendar: Calendar, day: number, hour: number): number => day * DAY_MS + hour * HOUR_MS - calendar.utcOffsetMinutes * MINUTE_MS;

/** Adds (or, with `-1`, subtracts) a row's tally to the tallies of `scopes`, dropping a scope's tally left empty. */
const tallyInto = (tallies: Map<string, StatisticsTally>, scopes: readonly string[], tally: StatisticsTally, sign: 1 | -1): void => {
  for (const scope of scopes) {
    let kept = tallies.get(scope);
    if (kept === undefined) tallies.set(scope, (kept = emptyTally()));
    addTally(kept, tally, sign);
    if (isEmptyTally(kept)) tallies.delete(scope);
  }
};

/** Adds (or subtracts) a row, with its tally, at its place. */
const keep = (kept: StatisticsByDay, row: StatisticsRow, place: Place, day: Day, hour: Hour, sign: 1 | -1): void => {
  const tally = caseTally(factsOfRow(row), kept.rules);
  const scopes = scopesOf(row);
  tallyInto(kept.whole, scopes, tally, sign);
  tallyInto(day.tallies, scopes, tally, sign);
  tallyInto(hour.tallies, hourScopesOf(row), tally, sign);
  if (sign === 1) {
    hour.rows.set(row.streamId, row);
    kept.placeOf.set(row.streamId, place);
  }
};

/** Removes a case's row (by its stream id), if kept. */
export const removeStatisticsRow = (kept: StatisticsByDay, streamId: string): void => {
  const place = kept.placeOf.get(streamId);
  const day = place === undefined ? undefined : kept.days.get(place.day);
  const hour = place === undefined ? undefined : day?.hours.get(place.hour);
  const row = hour?.rows.get(streamId);
  if (place === undefined || day === undefined || hour === undefined || row === undefined) return;
  keep(kept, row, place, day, hour, -1);
  hour.rows.delete(streamId);
  kept.placeOf.delete(streamId);
  if (hour.rows.size === 0) day.hours.delete(place.hour);
  if (day.hours.size === 0) kept.days.delete(place.day);
};

/** Keeps a case's row in place of the one kept for its stream, if any. */
export const putStatisticsRow = (kept: StatisticsByDay, row: StatisticsRow): void => {
  removeStatisticsRow(kept, row.streamId);
  const place = placeAt(kept.calendar, row.submittedMs);
  let day = kept.days.get(place.day);
  if (day === undefined) kept.days.set(place.day, (day = { hours: new Map(), tallies: new Map() }));
  let hour = day.hours.get(place.hour);
  if (hour === undefined) day.hours.set(place.hour, (hour = { rows: new Map(), tallies: new Map() }));
  keep(kept, row, place, day, hour, 1);
};

/** Whether adding up `rows` by hour, then by day, gives the tallies {@link putStatisticsRow} gives row by row, to the order of their counts: each hour's and day's rows in one run (by submission time), no stream twice, and no amount below zero (so no count falls to zero and is dropped on the way). */
const addsUpByHour = (rows: readonly StatisticsRow[]): boolean => {
  const streams = new Set<string>();
  let last = -Infinity;
  for (const row of rows) {
    if (row.submittedMs < last || streams.has(row.streamId) || (row.claimedFen ?? 0) < 0 || (row.agreementFen ?? 0) < 0) return false;
    last = row.submittedMs;
    streams.add(row.streamId);
  }
  return true;
};

/** Adds each tally of `from` to the tally of its scope in `into`. */
const addTallies = (into: Map<string, StatisticsTally>, from: ReadonlyMap<string, StatisticsTally>): void => {
  for (const [scope, tally] of from) {
    let kept = into.get(scope);
    if (kept === undefined) into.set(scope, (kept = emptyTally()));
    addTally(kept, tally);
  }
};

/**
 * Statistics kept by day holding `rows`: the same as {@link statisticsByDay} with each row put in
 * turn ({@link putStatisticsRow}), to the order of every tally's counts (the order the report's
 * records list their keys in), built faster when the rows come by submission time (as
 * `statisticsQuery` reads them): each row's tally is added to its hour's tallies and its day's
 * units' only, each hour's tallies to its day's once the hour ends, each day's to the whole
 * store's once the day ends — about 4 tally additions a row instead of 10. Rows in another order,
 * a stream twice or an amount below zero are put one by one.
 */
export const statisticsByDayOf = (calendar: Calendar, rows: readonly StatisticsRow[]): StatisticsByDay => {
  const kept = statisticsByDay(calendar);
  if (!addsUpByHour(rows)) {
    for (const row of rows) putStatisticsRow(kept, row);
    return kept;
  }
  let day: Day | null = null;
  let hour: Hour | null = null;
  let dayNumber = NaN;
  let hourNumber = NaN;
  const endHour = (): void => {
    if (day !== null && hour !== null) addTallies(day.tallies, hour.tallies);
    hour = null;
  };
  const endDay = (): void => {
    endHour();
    if (day !== null) addTallies(kept.whole, day.tallies);
    day = null;
  };
  for (const row of rows) {
    const place = placeAt(calendar, row.submittedMs);
    if (place.day !== dayNumber) {
      endDay();
      kept.days.set(place.day, (day = { hours: new Map(), tallies: new Map() }));
      dayNumber = place.day;
      hourNumber = NaN;
    }
    if (place.hour !== hourNumber) {
      endHour();
      day!.hours.set(place.hour, (hour = { rows: new Map(), tallies: new Map() }));
      hourNumber = place.hour;
    }
    const tally = caseTally(factsOfRow(row), kept.rules);
    const units: string[] = [];
    if (row.districtUnit !== null) units.push(unitScopeKey(row.districtUnit));
    if (row.subDistrictUnit !== null) units.push(unitScopeKey(row.subDistrictUnit));
    tallyInto(hour!.tallies, hourScopesOf(row), tally, 1);
    tallyInto(day!.tallies, units, tally, 1);
    hour!.rows.set(row.streamId, row);
    kept.placeOf.set(row.streamId, place);
  }
  endDay();
  return kept;
};

/** Every row kept. */
export function* statisticsRowsByDay(kept: StatisticsByDay): Iterable<StatisticsRow> {
  for (const day of kept.days.values()) for (const hour of day.hours.values()) yield* hour.rows.values();
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

/** Which part of `[start, end)` the period `[from, to)` holds: none, all, or some. */
const overlap = (from: number | null, to: number | null, start: number, end: number): 'none' | 'all' | 'some' => {
  if ((from !== null && end <= from) || (to !== null && start >= to)) return 'none';
  return (from === null || from <= start) && (to === null || end <= to) ? 'all' : 'some';
};

/**
 * The statistics report of the kept rows for a period, a unit and a kind, equal to
 * `statisticsReportOfRows` over the same rows with the same options: from the kept tallies of the
 * whole days the period covers (the whole store's without a period) and, for the whole store or a
 * kind, of the whole hours of the days it cuts; from the rows of the rest — or from every row in
 * the period when no kept tally serves the unit and kind (`keptScopeOf`). Throws a
 * `ReportInputError` for the options `statisticsReport` refuses.
 */
export const statisticsReportByDay = (kept: StatisticsByDay, options: StatisticsReportOptions = {}): StatisticsReport => {
  const { calendar } = kept;
  const { from, to, scope, heading } = resolveReportOptions(calendar, options);
  const keptScope = keptScopeOf(options, scope?.unit ?? null);
  const hourly = keptScope === EVERY || keptScope?.startsWith('kind:') === true;
  const rules = keptScope === null ? tallyRulesOf(calendar, options) : kept.rules;
  const tally = emptyTally();
  const add = (tallies: ReadonlyMap<string, StatisticsTally>): void => addTally(tally, tallies.get(keptScope!) ?? emptyTally());
  const tallyRows = (rows: Iterable<StatisticsRow>): void => {
    for (const row of rows) {
      if ((from !== null && row.submittedMs < from) || (to !== null && row.submittedMs >= to)) continue;
      if (scope !== null && !isSelfOrAbove(scope.directory, row.handledUnit, scope.unit)) continue;
      if (options.workflow !== undefined && row.workflow !== options.workflow) continue;
      addTally(tally, caseTally(factsOfRow(row), rules));
    }
  };
  if (keptScope !== null && from === null && to === null) add(kept.whole);
  else {
    for (const [dayNumber, day] of kept.days) {
      const covered = overlap(from, to, hourStart(calendar, dayNumber, 0), hourStart(calendar, dayNumber, 24));
      if (covered === 'none') continue;
      if (covered === 'all' && keptScope !== null) {
        add(day.tallies);
        continue;
      }
      for (const [hourNumber, hour] of day.hours) {
        const part = overlap(from, to, hourStart(calendar, dayNumber, hourNumber), hourStart(calendar, dayNumber, hourNumber + 1));
        if (part === 'all' && hourly) add(hour.tallies);
        else if (part !== 'none') tallyRows(hour.rows.values());
      }
    }
  }
  return reportOfTally(tally, heading);
};
