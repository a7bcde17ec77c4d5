import type { Authorization, CaseBoardCounts, CaseBoardEntry, CaseTimeline, DeadlineReport, EscalationReport, JurisdictionDirectory, Principal, PublicStatus, StatisticsReport } from '@casefold/core';

/**
 * Who reads, and the checked policies that say what they may see (docs/security.md): a
 * principal decoded with the core's `decodePrincipal`, and `createAuthorization`'s result.
 */
export interface DashboardViewer {
  readonly principal: Principal;
  readonly authorization: Authorization;
}

/** Which cases of the board to list; every criterion given must hold. */
export interface BoardQuery {
  /** Cases held by this unit or any unit under it. */
  readonly unit?: string;
  /** The case kind (workflow id). */
  readonly kind?: string;
  readonly status?: PublicStatus;
  readonly stage?: string;
  /** 1-based page number. */
  readonly page: number;
  readonly pageSize: number;
}

/** One page of the board, oldest submission first. */
export interface BoardPage {
  readonly cases: readonly CaseBoardEntry[];
  /** Cases matching the query, on every page. */
  readonly total: number;
}

/** The period, unit and kind of a statistics page. */
export interface StatisticsQuery {
  /** A `YYYY-MM-DD` date (midnight Beijing time) or an ISO-8601 UTC instant, included. */
  readonly from?: string;
  /** Same forms, excluded. */
  readonly to?: string;
  /** Cases handled at this unit or below. */
  readonly unit?: string;
  readonly kind?: string;
}

/**
 * How many items of each of the deadline report's lists the pages show at most (the ten most
 * overdue, the twenty due soonest): a source may cut the lists to this many (`deadlineReport`'s
 * `listed`), since at hundreds of thousands of open cases building every item is most of a
 * report's time; the counts cover every deadline either way.
 */
export const DEADLINE_ITEMS_SHOWN = 20;

/**
 * The figures of the four dashboards for every kind or one, exactly as `casefold dashboards`
 * computes them: the deadline report's counts whole (by rule, kind and unit), its lists (due
 * soon, breached, …) at least their first {@link DEADLINE_ITEMS_SHOWN} items.
 */
export interface DashboardFigures {
  /** The instant deadlines are judged at (ISO-8601 UTC): the latest event's time. */
  readonly asOf: string;
  readonly caseBoard: CaseBoardCounts;
  readonly escalation: EscalationReport;
  readonly deadlines: DeadlineReport;
  readonly statistics: StatisticsReport;
}

/** The read models at one position of the store. */
export interface DashboardReadModels {
  /** The store position they include every event up to. */
  readonly position: bigint;
  readonly directory: JurisdictionDirectory;
  /** The dashboards' figures, for one kind (workflow id) or every kind (`undefined`). */
  readonly figures: (kind: string | undefined) => DashboardFigures;
  /** A page of the board's cases (a promise when it is read from the store per request, as a row-based source does). */
  readonly board: (query: BoardQuery) => BoardPage | Promise<BoardPage>;
  /** One case's place on the board, or `null` when the board has not seen it. */
  readonly caseEntry: (caseId: string) => CaseBoardEntry | null | Promise<CaseBoardEntry | null>;
  /** @throws (or rejects with) the core's `ReportInputError` for a period that holds no instant or a unit the directory does not know. */
  readonly statistics: (query: StatisticsQuery) => StatisticsReport | Promise<StatisticsReport>;
  /**
   * These read models as `viewer` may see them: every figure, listing, case entry and period's
   * statistics over only the cases the policy shows them, as the core's `scopeCaseBoard`,
   * `scopeDeadlines`, `scopeEscalationPaths` and `scopeStatistics` keep them through
   * `caseSight` (the statistics count the cases whose summary they see); a row-based source
   * gives the same predicate to its queries. A case they may not see is absent, exactly as a
   * missing one. Deadlines are judged at the same instant as the whole store's (`asOf`).
   * A promise when the viewer's cases are read from the store (as a row-based source does).
   */
  readonly scopedTo: (viewer: DashboardViewer) => DashboardReadModels | Promise<DashboardReadModels>;
}

/**
 * Where the dashboard reads from: the port its pages are written against. The CLI's
 * `casefold serve` implements it over the same read models and the same code path as
 * `casefold dashboards` (packages/cli/src/commands/serveSource.ts), so the figures agree;
 * a store with row-based read models changes that one implementation, not the pages.
 */
export interface DashboardSource {
  /** Names the store, without credentials. */
  readonly description: string;
  /** The store's last position: the pages follow it to know when new events were stored. */
  readonly lastPosition: () => Promise<bigint>;
  /** The read models brought up to the store's last position. */
  readonly readModels: () => Promise<DashboardReadModels>;
  /**
   * One case's timeline with its deadlines, or `null` when the store has no such case. With a
   * viewer, as they may see it (the core's `scopeCaseTimelines`): `null` too when they may not
   * see the case, and each line reads the core's `WITHHELD` when they may not see its summary.
   */
  readonly timeline: (caseId: string, viewer?: DashboardViewer) => Promise<CaseTimeline | null>;
}
