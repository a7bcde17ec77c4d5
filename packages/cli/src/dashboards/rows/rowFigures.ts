import {
  type Calendar,
  type CaseBoardCounts,
  type DeadlinesRow,
  type EscalationReport,
  type JurisdictionDirectory,
  type RowGroupCount,
  type StatisticsRow,
  caseBoardCountQuery,
  caseBoardCountsOf,
  deadlineReportOfRows,
  deadlinesQuery,
  escalationFiguresQuery,
  escalationReportOfRows,
  statisticsQuery,
  statisticsReportOfRows,
} from '@casefold/core';
import type { DashboardFigures } from '@casefold/dashboard';
import { type DashboardRows, everyRow, inLargePages } from './dashboardRows.js';

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

/** How the board's counts and the escalation report of a kind are computed (the rest is common to every scope). */
interface FigureParts {
  readonly caseBoard: (kind: string | undefined) => CaseBoardCounts;
  readonly escalation: (kind: string | undefined) => EscalationReport;
}

/** A value computed when first read, then kept. */
const once = <T>(compute: () => T): (() => T) => {
  let value: { readonly computed: T } | null = null;
  return () => (value ??= { computed: compute() }).computed;
};

/**
 * The figures of the rows given, by kind: the deadline report and the statistics from the rows,
 * the board's counts and escalation report from `parts`. Each of the four is computed when a page
 * first reads it (the board page reads the counts only), then kept.
 */
export const figuresOf = (rows: FigureRows, parts: FigureParts, calendar: Calendar): FiguresByKind => {
  const byKind = new Map<string, DashboardFigures>();
  return (kind) => {
    const known = byKind.get(kind ?? '');
    if (known !== undefined) return known;
    const caseBoard = once(() => parts.caseBoard(kind));
    const escalation = once(() => parts.escalation(kind));
    const deadlines = once(() =>
      deadlineReportOfRows(kind === undefined ? rows.deadlines : rows.deadlines.filter((row) => row.kind === kind), rows.asOf, calendar, kind === undefined ? {} : { kind }),
    );
    const statistics = once(() =>
      statisticsReportOfRows(kind === undefined ? rows.statistics : rows.statistics.filter((row) => row.workflow === kind), calendar, kind === undefined ? {} : { workflow: kind }),
    );
    const figures: DashboardFigures = {
      asOf: rows.asOf,
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
  const [latest, boardGroups, escalationRows, deadlines, statistics] = await Promise.all([
    rows.board.query({ orderBy: ['lastEventAt'], direction: 'desc', limit: 1 }),
    rows.board.count(caseBoardCountQuery()),
    everyRow(rows.escalation, escalationFiguresQuery()),
    everyRow(rows.deadlines, inLargePages(deadlinesQuery(directory))),
    everyRow(rows.statistics, inLargePages(statisticsQuery(calendar).first)),
  ]);
  const figureRows: FigureRows = { asOf: latest.rows[0]?.lastEventAt ?? NO_EVENTS_YET, deadlines, statistics };
  const ofKind = (kind: string | undefined): readonly RowGroupCount[] => (kind === undefined ? boardGroups : boardGroups.filter(({ values }) => values[0] === kind));
  return {
    rows: figureRows,
    figures: figuresOf(
      figureRows,
      { caseBoard: (kind) => caseBoardCountsOf(ofKind(kind)), escalation: (kind) => escalationReportOfRows(escalationRows, kind === undefined ? {} : { kind }) },
      calendar,
    ),
  };
};
