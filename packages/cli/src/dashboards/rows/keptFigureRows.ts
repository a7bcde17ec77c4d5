import {
  type Calendar,
  type CaseBoardRow,
  type DeadlinesRow,
  type DeadlinesOfRows,
  deadlinesOfRows,
  putDeadlinesRow,
  removeDeadlinesRow,
  type CaseBoardCriteria,
  type RowGroupCount,
  type JurisdictionDirectory,
  type StatisticsByDay,
  deadlinesQuery,
  putStatisticsRow,
  removeStatisticsRow,
  statisticsByDayOf,
  caseBoardCountQuery,
  caseBoardTotalQuery,
  statisticsQuery,
  subtreeColumnsOf,
} from '@casefold/core';
import type { EventStore } from '@casefold/engine';
import { type DashboardRows, everyRow, inLargePages } from './dashboardRows.js';

/**
 * Every case's deadlines and statistics rows, kept in memory (the statistics by day, with their
 * tallies: `statisticsByDay`), and each case's group on the board's counts, followed as events
 * are stored: what the figures pages are computed from without reading every row again, nor
 * counting every board row, at each new event.
 */
export interface KeptFigureRows {
  /** The rows hold every event up to this position (and perhaps some later ones). */
  readonly position: bigint;
  readonly deadlines: Map<string, DeadlinesRow>;
  /** The same deadlines rows as the document state the deadline report reads, changed in place with them: an unchanged case keeps its record, and the clocks judged for it. */
  readonly deadlinesState: DeadlinesOfRows;
  readonly statistics: StatisticsByDay;
  /** The board's counts as `caseBoardCountQuery` groups them. */
  readonly board: BoardGroups;
}

/** Each case's group on the board's counts (its values of the count's `by` columns, as JSON), by stream id, and how many cases each group holds. */
export interface BoardGroups {
  readonly ofStream: Map<string, string>;
  readonly counts: Map<string, number>;
}

/** The columns the board's counts are grouped by. */
const BOARD_GROUP_COLUMNS = caseBoardCountQuery().by ?? [];

/** Moves a case into the group of its board row (`undefined`: out of the counts). */
const moveOnBoard = (board: BoardGroups, streamId: string, row: CaseBoardRow | undefined): void => {
  const before = board.ofStream.get(streamId);
  const after = row === undefined ? undefined : JSON.stringify(BOARD_GROUP_COLUMNS.map((column) => row[column]));
  if (before === after) return;
  if (before !== undefined) {
    const left = board.counts.get(before)! - 1;
    if (left === 0) board.counts.delete(before);
    else board.counts.set(before, left);
  }
  if (after === undefined) board.ofStream.delete(streamId);
  else {
    board.ofStream.set(streamId, after);
    board.counts.set(after, (board.counts.get(after) ?? 0) + 1);
  }
};

/** The board's counts as the groups `caseBoardCountQuery` would give (`caseBoardCountsOf` reads them). */
export const boardGroupCounts = (board: BoardGroups): RowGroupCount[] => Array.from(board.counts, ([values, count]) => ({ values: JSON.parse(values) as RowGroupCount['values'], count }));

/**
 * How many cases of the board match a listing's filter, from the kept groups: each group's values
 * (with its holding unit's subtree columns) tested against the filter of `caseBoardTotalQuery`,
 * which a count of the rows would use.
 */
export const boardTotal = (board: BoardGroups, directory: JurisdictionDirectory, criteria: CaseBoardCriteria): number => {
  const where = Object.entries(caseBoardTotalQuery(directory, criteria).where ?? {});
  let total = 0;
  for (const [values, count] of board.counts) {
    const group = Object.fromEntries(BOARD_GROUP_COLUMNS.map((column, i) => [column, (JSON.parse(values) as unknown[])[i]])) as Record<string, unknown>;
    const row: Record<string, unknown> = { ...group, ...subtreeColumnsOf(directory, group['unit'] as string) };
    if (where.every(([column, value]) => value === undefined || row[column] === value)) total += count;
  }
  return total;
};

/** At most this many streams changed since the kept position are read again by key; more, and every row is read again. */
const MOST_STREAMS_FOLLOWED = 20_000;

/** Reads every deadlines and statistics row and every board row's group; call once the row read models have folded the events up to `position`. */
export const readFigureRows = async (rows: DashboardRows, directory: JurisdictionDirectory, calendar: Calendar, position: bigint): Promise<KeptFigureRows> => {
  const [deadlines, statistics, boardRows] = await Promise.all([
    everyRow(rows.deadlines, inLargePages(deadlinesQuery(directory))),
    everyRow(rows.statistics, inLargePages(statisticsQuery(calendar).first)),
    everyRow(rows.board, inLargePages({ orderBy: [] })),
  ]);
  // Read by submission time (statisticsQuery): the tallies are added up by hour and by day.
  const byDay = statisticsByDayOf(calendar, statistics);
  const board: BoardGroups = { ofStream: new Map(), counts: new Map() };
  for (const row of boardRows) moveOnBoard(board, row.streamId, row);
  const deadlinesState = deadlinesOfRows();
  for (const row of deadlines) putDeadlinesRow(deadlinesState, row);
  return { position, deadlines: new Map(deadlines.map((row) => [row.streamId, row])), deadlinesState, statistics: byDay, board };
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
  const [deadlines, statistics, boardRows] = await Promise.all([rows.deadlines.get(streams), rows.statistics.get(streams), rows.board.get(streams)]);
  for (const streamId of streams) {
    const deadlinesRow = deadlines.get(streamId);
    if (deadlinesRow === undefined) {
      kept.deadlines.delete(streamId);
      removeDeadlinesRow(kept.deadlinesState, streamId);
    } else {
      kept.deadlines.set(streamId, deadlinesRow);
      putDeadlinesRow(kept.deadlinesState, deadlinesRow);
    }
    const statisticsRow = statistics.get(streamId);
    if (statisticsRow === undefined) removeStatisticsRow(kept.statistics, streamId);
    else putStatisticsRow(kept.statistics, statisticsRow);
    moveOnBoard(kept.board, streamId, boardRows.get(streamId));
  }
  return { ...kept, position };
};
