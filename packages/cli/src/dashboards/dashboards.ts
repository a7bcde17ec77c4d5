import {
  type Calendar,
  type CaseBoardCounts,
  type DeadlineCounts,
  type DueDeadlineItem,
  type EscalationReport,
  type JurisdictionDirectory,
  type KindDeadlines,
  type OnTimeRecordedLateItem,
  type StatisticsReport,
  casesOnBoard,
  countsOnBoard,
  deadlineReport,
  escalationReport,
  statisticsReport,
} from '@casefold/core';
import type { DashboardFigures } from '@casefold/dashboard';
import type { DashboardState } from '../projections/dashboardProjection.js';
import { boardCountsInKeyOrder, escalationInKeyOrder } from './keyOrder.js';

/** The four dashboards as data: what `--json` prints and the text tables show. */
export interface Dashboards {
  /** The instant deadlines are judged at (ISO-8601 UTC). */
  readonly asOf: string;
  /** The case kind (workflow id) the dashboards are limited to; `null` for every kind. */
  readonly kind: string | null;
  readonly caseBoard: CaseBoardCounts;
  readonly escalation: EscalationReport;
  readonly deadlines: {
    /** `null` when the due-soon window reaches a year without holiday data. */
    readonly dueSoonUntil: string | null;
    readonly openCases: number;
    readonly totals: DeadlineCounts;
    readonly byRule: Readonly<Record<string, DeadlineCounts>>;
    /** By case kind: open cases, deadlines by the kind's own rules, supervision. */
    readonly byKind: Readonly<Record<string, KindDeadlines>>;
    readonly supervision: Readonly<Record<string, number>>;
    /** The ten most overdue running deadlines. */
    readonly mostOverdue: readonly DueDeadlineItem[];
    /** Deadlines of any case met on time only by a fact recorded after the due time ("on time, recorded late"). */
    readonly onTimeRecordedLate: readonly OnTimeRecordedLateItem[];
  };
  readonly statistics: StatisticsReport;
}

/** Options of {@link dashboardsOf}. */
export interface DashboardsOptions {
  readonly calendar: Calendar;
  readonly directory: JurisdictionDirectory;
  /** Judge deadlines at this instant; default the time of the latest event. */
  readonly asOf?: string;
  /** Only cases of this kind (workflow id); every kind when absent. */
  readonly kind?: string;
}

/** The time of the latest event folded into the board (`null` for an empty store). */
export const latestEventAt = (state: DashboardState): string | null => {
  let latest: string | null = null;
  for (const entry of casesOnBoard(state.caseBoard)) if (latest === null || entry.lastEventAt > latest) latest = entry.lastEventAt;
  return latest;
};

/**
 * The dashboards of the figures of one kind (`kind`) or every kind (`null`), as `--json` prints
 * them: the deadline report without its lists of due-soon and breached deadlines and its counts by
 * unit, but with its ten most overdue deadlines; the board's counts and the escalation report
 * with their keys in code-point order, whichever read model they came from.
 */
export const dashboardsOfFigures = (figures: DashboardFigures, kind: string | null): Dashboards => {
  const { deadlines } = figures;
  return {
    asOf: figures.asOf,
    kind,
    caseBoard: boardCountsInKeyOrder(figures.caseBoard),
    escalation: escalationInKeyOrder(figures.escalation),
    deadlines: {
      dueSoonUntil: deadlines.dueSoonUntil,
      openCases: deadlines.openCases,
      totals: deadlines.totals,
      byRule: deadlines.byRule,
      byKind: deadlines.byKind,
      supervision: deadlines.supervision,
      mostOverdue: deadlines.breached.slice(0, 10),
      onTimeRecordedLate: deadlines.onTimeRecordedLate,
    },
    statistics: figures.statistics,
  };
};

/**
 * Computes the four dashboards from the document read models with the core's query
 * functions: case board counts, escalation and resolution levels, deadlines as of `asOf`
 * on the calendar, and the published statistics over all cases (of one kind, with `kind`),
 * each with its figures by kind. (`casefold demo` computes them so from the state it
 * generated; `casefold dashboards` from the row read models, `rowDashboardsOf`, with the same figures.)
 */
export const dashboardsOf = (state: DashboardState, options: DashboardsOptions): Dashboards => {
  const asOf = options.asOf ?? latestEventAt(state) ?? new Date(0).toISOString();
  const kind = options.kind === undefined ? {} : { kind: options.kind };
  return dashboardsOfFigures(
    {
      asOf,
      caseBoard: options.kind === undefined ? state.caseBoard.counts : countsOnBoard(state.caseBoard, kind),
      escalation: escalationReport(state.escalationPaths, options.directory, kind),
      deadlines: deadlineReport(state.deadlines, asOf, options.calendar, kind),
      statistics: statisticsReport(state.statistics, options.calendar, options.kind === undefined ? {} : { workflow: options.kind }),
    },
    options.kind ?? null,
  );
};
