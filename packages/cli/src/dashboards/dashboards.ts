import {
  type Calendar,
  type CaseBoardCounts,
  type DeadlineCounts,
  type DueDeadlineItem,
  type EscalationReport,
  type JurisdictionDirectory,
  type StatisticsReport,
  casesOnBoard,
  deadlineReport,
  escalationReport,
  statisticsReport,
} from '@casefold/core';
import type { DashboardState } from '../projections/dashboardProjection.js';

/** The four dashboards as data: what `--json` prints and the text tables show. */
export interface Dashboards {
  /** The instant deadlines are judged at (ISO-8601 UTC). */
  readonly asOf: string;
  readonly caseBoard: CaseBoardCounts;
  readonly escalation: EscalationReport;
  readonly deadlines: {
    /** `null` when the due-soon window reaches a year without holiday data. */
    readonly dueSoonUntil: string | null;
    readonly openCases: number;
    readonly totals: DeadlineCounts;
    readonly byRule: Readonly<Record<string, DeadlineCounts>>;
    readonly supervision: Readonly<Record<string, number>>;
    /** The ten most overdue running deadlines. */
    readonly mostOverdue: readonly DueDeadlineItem[];
  };
  readonly statistics: StatisticsReport;
}

/** Options of {@link dashboardsOf}. */
export interface DashboardsOptions {
  readonly calendar: Calendar;
  readonly directory: JurisdictionDirectory;
  /** Judge deadlines at this instant; default the time of the latest event. */
  readonly asOf?: string;
}

/** The time of the latest event folded into the board (`null` for an empty store). */
export const latestEventAt = (state: DashboardState): string | null => {
  let latest: string | null = null;
  for (const entry of casesOnBoard(state.caseBoard)) if (latest === null || entry.lastEventAt > latest) latest = entry.lastEventAt;
  return latest;
};

/**
 * Computes the four dashboards from the stored read models with the core's query
 * functions: case board counts, escalation and resolution levels, deadlines as of `asOf`
 * on the calendar, and the published statistics over all cases.
 */
export const dashboardsOf = (state: DashboardState, options: DashboardsOptions): Dashboards => {
  const asOf = options.asOf ?? latestEventAt(state) ?? new Date(0).toISOString();
  const deadlines = deadlineReport(state.deadlines, asOf, options.calendar);
  return {
    asOf,
    caseBoard: state.caseBoard.counts,
    escalation: escalationReport(state.escalationPaths, options.directory),
    deadlines: {
      dueSoonUntil: deadlines.dueSoonUntil,
      openCases: deadlines.openCases,
      totals: deadlines.totals,
      byRule: deadlines.byRule,
      supervision: deadlines.supervision,
      mostOverdue: deadlines.breached.slice(0, 10),
    },
    statistics: statisticsReport(state.statistics, options.calendar),
  };
};
