import {
  type Calendar,
  type CaseBoardCounts,
  type DeadlineReport,
  type DeadlinesRow,
  type EscalationReport,
  type JurisdictionDirectory,
  type RowGroupCount,
  type StatisticsReport,
  type StatisticsRow,
  caseBoardCountQuery,
  caseBoardCountsOf,
  deadlineReportOfRows,
  deadlinesQuery,
  escalationFiguresQuery,
  escalationReportOfRows,
  keptDeadlineReport,
  statisticsQuery,
  statisticsReportByDay,
  statisticsReportOfRows,
  statisticsRowsByDay,
} from '@casefold/core';
import { type DashboardFigures, DEADLINE_ITEMS_SHOWN } from '@casefold/dashboard';
import { type DashboardRows, everyRow, inLargePages } from './dashboardRows.js';
import { type KeptFigureRows, boardGroupCounts } from './keptFigureRows.js';

/** The time deadlines are judged at in a store without events (as `casefold dashboards` judges them). */
const NO_EVENTS_YET = new Date(0).toISOString();

/** What the figures pages need of the rows at one position, read once. */
export interface FigureRows {
  /** The latest event's time: deadlines are judged at it. */
  readonly asOf: string;
  /** Every case's deadlines row (and those of closed cases with a stop recorded late). */
  readonly deadlines: readonly DeadlinesRow[];
  /** Every case's statistics row. */
  readonly statistics: readonly StatisticsRow[];
}

/** The figures of every kind (`undefined`) or one, each computed when first asked for, then kept. */
export type FiguresByKind = (kind: string | undefined) => DashboardFigures;

/** How each of the four figures of a kind (`undefined`: every kind) is computed. */
interface FigureParts {
  readonly caseBoard: (kind: string | undefined) => CaseBoardCounts;
  readonly escalation: (kind: string | undefined) => EscalationReport;
  readonly deadlines: (kind: string | undefined) => DeadlineReport;
  readonly statistics: (kind: string | undefined) => StatisticsReport;
}

/** A value computed when first read, then kept. */
const once = <T>(compute: () => T): (() => T) => {
  let value: { readonly computed: T } | null = null;
  return () => (value ??= { computed: compute() }).computed;
};

/** The figures of each kind from `parts`, each of the four computed when a page first reads it (the board page reads the counts only), then kept. */
const figuresByKind = (asOf: string, parts: FigureParts): FiguresByKind => {
  const byKind = new Map<string, DashboardFigures>();
  return (kind) => {
    const known = byKind.get(kind ?? '');
    if (known !== undefined) return known;
    const caseBoard = once(() => parts.caseBoard(kind));
    const escalation = once(() => parts.escalation(kind));
    const deadlines = once(() => parts.deadlines(kind));
    const statistics = once(() => parts.statistics(kind));
    const figures: DashboardFigures = {
      asOf,
      get caseBoard() {
        return caseBoard();
      },
      get escalation() {
        return escalation();
      },
      get deadlines() {
        return deadlines();
      },
      get statistics() {
        return statistics();
      },
    };
    byKind.set(kind ?? '', figures);
    return figures;
  };
};

/** The deadline report of some deadlines rows at `asOf`, of every kind or one, its lists cut to `listed` items (every item when `undefined`). */
const deadlinesOf = (rows: Iterable<DeadlinesRow>, asOf: string, calendar: Calendar, kind: string | undefined, listed: number | undefined) =>
  deadlineReportOfRows(kind === undefined ? rows : [...rows].filter((row) => row.kind === kind), asOf, calendar, {
    ...(kind === undefined ? {} : { kind }),
    ...(listed === undefined ? {} : { listed }),
  });

/**
 * The figures of the rows given, by kind: the deadline report (its lists cut to `listed` items
 * when given, as the web pages ask) and the statistics from the rows, the board's counts and
 * escalation report from `parts`.
 */
export const figuresOf = (rows: FigureRows, parts: Pick<FigureParts, 'caseBoard' | 'escalation'>, calendar: Calendar, listed?: number): FiguresByKind =>
  figuresByKind(rows.asOf, {
    ...parts,
    deadlines: (kind) => deadlinesOf(rows.deadlines, rows.asOf, calendar, kind, listed),
    statistics: (kind) => statisticsReportOfRows(kind === undefined ? rows.statistics : rows.statistics.filter((row) => row.workflow === kind), calendar, kind === undefined ? {} : { workflow: kind }),
  });

/** The whole store's board counts and escalation figures at the rows' position, and the latest event's time. */
interface BoardFigures extends Pick<FigureParts, 'caseBoard' | 'escalation'> {
  readonly asOf: string;
}

/** Reads the latest event's time (the board's `byLastEvent` index), the board's grouped count (unless `groups` are given) and the escalation figures rows. */
const boardFiguresOf = async (rows: DashboardRows, groups?: readonly RowGroupCount[]): Promise<BoardFigures> => {
  const [latest, boardGroups, escalationRows] = await Promise.all([
    rows.board.query({ orderBy: ['lastEventAt'], direction: 'desc', limit: 1 }),
    groups ?? rows.board.count(caseBoardCountQuery()),
    everyRow(rows.escalation, escalationFiguresQuery()),
  ]);
  const ofKind = (kind: string | undefined): readonly RowGroupCount[] => (kind === undefined ? boardGroups : boardGroups.filter(({ values }) => values[0] === kind));
  return {
    asOf: latest.rows[0]?.lastEventAt ?? NO_EVENTS_YET,
    caseBoard: (kind) => caseBoardCountsOf(ofKind(kind)),
    escalation: (kind) => escalationReportOfRows(escalationRows, kind === undefined ? {} : { kind }),
  };
};

/** The whole store's figures at the rows' position, with the rows they were computed from. */
export interface WholeStoreFigures {
  readonly rows: FigureRows;
  readonly figures: FiguresByKind;
}

/**
 * The dashboards' figures at the rows' committed position, for every kind or one, equal to
 * those `casefold dashboards` computes from the document read models: `asOf` is the latest
 * event's time (the board's `byLastEvent` index), the board's counts come from one grouped count
 * (`caseBoardCountQuery`), the escalation report from one figures row per kind, and the deadline
 * report and the statistics from every deadlines row and every statistics row.
 */
export const wholeStoreFigures = async (rows: DashboardRows, directory: JurisdictionDirectory, calendar: Calendar): Promise<WholeStoreFigures> => {
  const [board, deadlines, statistics] = await Promise.all([
    boardFiguresOf(rows),
    everyRow(rows.deadlines, inLargePages(deadlinesQuery(directory))),
    everyRow(rows.statistics, inLargePages(statisticsQuery(calendar).first)),
  ]);
  const figureRows: FigureRows = { asOf: board.asOf, deadlines, statistics };
  return { rows: figureRows, figures: figuresOf(figureRows, board, calendar) };
};

/**
 * The whole store's figures from the kept deadlines and statistics rows and board groups
 * (`KeptFigureRows`), and the escalation figures read at the rows' position: the deadline report from the
 * kept deadlines rows, judged at the latest event's time, its lists cut to what the web pages show
 * (`DEADLINE_ITEMS_SHOWN`); the statistics from the kept tallies by day. Equal to
 * {@link wholeStoreFigures} at the same position (but for the lists' length). The report reads the
 * document state kept with the rows (`deadlinesState`) with `keptDeadlineReport`, which keeps its
 * counts and lists between reports: it puts again only the cases changed since the last report and
 * moves only the deadlines whose due time the latest event's time passed. The rows themselves
 * (`figureRows`) are gathered when first asked for (a viewer's scoped figures need them).
 */
export const keptFigures = async (rows: DashboardRows, kept: KeptFigureRows, calendar: Calendar): Promise<{ readonly figures: FiguresByKind; readonly figureRows: () => FigureRows }> => {
  const board = await boardFiguresOf(rows, boardGroupCounts(kept.board));
  return {
    figures: figuresByKind(board.asOf, {
      ...board,
      deadlines: (kind) => keptDeadlineReport(kept.deadlinesState, board.asOf, calendar, { ...(kind === undefined ? {} : { kind }), listed: DEADLINE_ITEMS_SHOWN }),
      statistics: (kind) => statisticsReportByDay(kept.statistics, kind === undefined ? {} : { workflow: kind }),
    }),
    figureRows: once(() => ({ asOf: board.asOf, deadlines: [...kept.deadlines.values()], statistics: [...statisticsRowsByDay(kept.statistics)] })),
  };
};
