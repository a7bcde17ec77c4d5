import {
  type Calendar,
  type DeadlinesRow,
  type JurisdictionDirectory,
  type StatisticsByDay,
  deadlinesQuery,
  putStatisticsRow,
  removeStatisticsRow,
  statisticsByDay,
  statisticsQuery,
} from '@casefold/core';
import type { EventStore } from '@casefold/engine';
import { type DashboardRows, everyRow, inLargePages } from './dashboardRows.js';

/**
 * Every case's deadlines and statistics rows, kept in memory (the statistics by day, with their
 * tallies: `statisticsByDay`) and followed as events are stored: what the figures pages are
 * computed from without reading every row again at each new event.
 */
export interface KeptFigureRows {
  /** The rows hold every event up to this position (and perhaps some later ones). */
  readonly position: bigint;
  readonly deadlines: Map<string, DeadlinesRow>;
  readonly statistics: StatisticsByDay;
}

/** At most this many streams changed since the kept position are read again by key; more, and every row is read again. */
const MOST_STREAMS_FOLLOWED = 20_000;

/** Reads every deadlines and statistics row; call once the row read models have folded the events up to `position`. */
export const readFigureRows = async (rows: DashboardRows, directory: JurisdictionDirectory, calendar: Calendar, position: bigint): Promise<KeptFigureRows> => {
  const [deadlines, statistics] = await Promise.all([everyRow(rows.deadlines, inLargePages(deadlinesQuery(directory))), everyRow(rows.statistics, inLargePages(statisticsQuery(calendar).first))]);
  const byDay = statisticsByDay(calendar);
  for (const row of statistics) putStatisticsRow(byDay, row);
  return { position, deadlines: new Map(deadlines.map((row) => [row.streamId, row])), statistics: byDay };
};

/** The streams with events after `from` up to `to`, or `null` when there are more than {@link MOST_STREAMS_FOLLOWED}. */
const streamsChanged = async (events: EventStore, from: bigint, to: bigint): Promise<Set<string> | null> => {
  const changed = new Set<string>();
  for await (const event of events.readAll({ fromPosition: from })) {
    if (event.position > to) break;
    changed.add(event.streamId);
    if (changed.size > MOST_STREAMS_FOLLOWED) return null;
  }
  return changed;
};

/**
 * The kept rows brought to `position` (the row read models have folded the events up to it): the
 * rows of the streams with events since the kept position read again by key and kept in place of
 * the old ones (a statistics row's old tally subtracted, its new one added), a row gone removed.
 * `kept` is changed in place and returned at its new position; when more streams changed than
 * are worth following, every row is read again instead.
 */
export const followFigureRows = async (kept: KeptFigureRows, rows: DashboardRows, events: EventStore, position: bigint, directory: JurisdictionDirectory): Promise<KeptFigureRows> => {
  if (position <= kept.position) return kept;
  const changed = await streamsChanged(events, kept.position, position);
  if (changed === null) return readFigureRows(rows, directory, kept.statistics.calendar, position);
  const streams = [...changed];
  const [deadlines, statistics] = await Promise.all([rows.deadlines.get(streams), rows.statistics.get(streams)]);
  for (const streamId of streams) {
    const deadlinesRow = deadlines.get(streamId);
    if (deadlinesRow === undefined) kept.deadlines.delete(streamId);
    else kept.deadlines.set(streamId, deadlinesRow);
    const statisticsRow = statistics.get(streamId);
    if (statisticsRow === undefined) removeStatisticsRow(kept.statistics, streamId);
    else putStatisticsRow(kept.statistics, statisticsRow);
  }
  return { ...kept, position };
};
