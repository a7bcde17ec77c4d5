import {
  type Calendar,
  type CaseScopesState,
  type CaseSight,
  type CaseTimelineRow,
  type JurisdictionDirectory,
  WITHHELD,
  WITHHELD_DESCRIPTION,
  boardEntryOf,
  caseScopesProjection,
  caseSight,
  caseTimelineQuery,
  caseTimelineRulesQuery,
  escalationCasesQuery,
  statisticsReportByDay,
  timelineOfRows,
} from '@casefold/core';
import type { DashboardReadModels, DashboardSource, DashboardViewer } from '@casefold/dashboard';
import { type RowProjectionStore, chinaCalendar, isProjectionConflictError } from '@casefold/engine';
import { catchUp } from '../../projections/catchUp.js';
import { readDirectory } from '../../session/readDirectory.js';
import type { OpenedStore } from '../../store/openStore.js';
import { boardListingOf } from './boardListing.js';
import { type DashboardRows, everyRow, inLargePages, startDashboardRows } from './dashboardRows.js';
import { type KeptFigureRows, boardTotal, followFigureRows, readFigureRows } from './keptFigureRows.js';
import { type FigureRows, keptFigures } from './rowFigures.js';
import { type ScopeContext, scopedReadModelsOf } from './scopedReadModels.js';
import { statisticsOptions } from './statisticsOptions.js';

/** A {@link DashboardSource} that runs row projections: stop it before the store is closed. */
export interface RowDashboardSource extends DashboardSource {
  /** Stops the row projections. */
  readonly stop: () => Promise<void>;
}

/** The read models at one position, and what they were computed from. */
interface AtPosition {
  readonly models: DashboardReadModels;
  /** Every case's deadlines and statistics rows, gathered when first asked for. */
  readonly figureRows: () => FigureRows;
  /** The case scopes and every case's rows, read when a viewer first asks at this position. */
  scope: Promise<ScopeContext> | null;
}

/** How often in a row a position's read models start the rows again when another process committed them first (as `currentDashboardRows` does for `casefold dashboards`). */
const CONFLICT_ATTEMPTS = 3;

/** A case's timeline from its rows and its workflow's rule rows; `null` when the rows have no such case or `sight` does not show it. */
const timelineOfCase = async (rows: DashboardRows, caseId: string, calendar: Calendar, sight: CaseSight | undefined) => {
  if (sight !== undefined && !sight(caseId, 'case')) return null;
  const caseRows: CaseTimelineRow[] = await everyRow(rows.timelines, caseTimelineQuery(caseId));
  const head = caseRows.find((row) => row.record === 'case');
  if (head === undefined) return null;
  const rules = (await rows.timelines.query(caseTimelineRulesQuery(head.kind, head.workflowVersion))).rows;
  // As the core's scopeCaseTimelines: a line about a case whose summary the viewer may not see reads WITHHELD.
  const shown =
    sight === undefined || sight(caseId, 'summary')
      ? caseRows
      : caseRows.map((row) => (row.record === 'event' ? { ...row, summary: WITHHELD, description: JSON.stringify(WITHHELD_DESCRIPTION) } : row));
  return timelineOfRows([...shown, ...rules], caseId, calendar);
};

/**
 * The dashboard's data access over the row read models of a store (docs/dashboard.md): the
 * case board, timelines, escalation paths, statistics and deadlines as rows, kept in the store's
 * own database beside their checkpoints, brought up to the store's last position when it opens
 * and followed as new events are stored (`startDashboardRows`). The board's listing and total, a
 * case's entry and timeline and a period's statistics are read per request from indexes; the
 * figures from a grouped count, the escalation figures rows and the deadlines and statistics
 * rows, once per position. They equal those of `casefold dashboards` (the document read models)
 * for the same store. A viewer's read models (`scopedTo`) are computed from every case's rows and
 * the case scopes (the document projection `caseScopes`, caught up as `casefold dashboards` does),
 * read when a viewer first asks at a position.
 */
export const rowDashboardSourceOf = async (store: OpenedStore, rowStore: RowProjectionStore): Promise<RowDashboardSource> => {
  const calendar = chinaCalendar();
  const { directory } = await readDirectory(store);
  const startRows = () => startDashboardRows({ events: store.events, rowStore, directory });
  /** The runners, started again when another process (a second `serve`, `casefold dashboards`) committed the rows first; their queries read the committed rows whichever started them. */
  let rows = await startRows();
  /** Whether the runners were stopped after losing a commit, to be started again (a start that failed is tried again at the next page). */
  let lost = false;
  /** The start under way, shared by the pages that find the runners stopped at once (else each would start its own). */
  let starting: Promise<void> | null = null;
  const startAgain = (): Promise<void> =>
    (starting ??= (async () => {
      try {
        rows = await startRows();
        lost = false;
      } finally {
        starting = null;
      }
    })());
  /**
   * Waits until the rows include `position`. A runner that lost a commit to another process has
   * stopped for good (`ProjectionConflictError`): the rows are started again from what that one
   * committed, up to {@link CONFLICT_ATTEMPTS} times in a row.
   */
  const rowsAt = async (position: bigint): Promise<DashboardRows> => {
    for (let attempts = 1; ; attempts += 1) {
      if (lost) await startAgain();
      try {
        await rows.waitFor(position);
        return rows;
      } catch (error) {
        if (!isProjectionConflictError(error) || attempts >= CONFLICT_ATTEMPTS) throw error;
        lost = true;
        await rows.stop();
      }
    }
  };

  const caseScopesAt = async (position: bigint): Promise<CaseScopesState> =>
    (await catchUp({ store: store.events, projectionStore: store.projections, projection: caseScopesProjection, until: position })).state;

  const scopeContextAt = async (position: bigint, figureRows: FigureRows): Promise<ScopeContext> => {
    const [board, escalation, caseScopes] = await Promise.all([
      everyRow(rows.board, inLargePages({ orderBy: [] })),
      everyRow(rows.escalation, inLargePages(escalationCasesQuery())),
      caseScopesAt(position),
    ]);
    return { position, directory, calendar, figureRows, caseRows: { board, escalation }, caseScopes };
  };

  /** The deadlines and statistics rows kept at the latest position read models were computed at (read whole at the first). */
  let kept: Promise<KeptFigureRows> | null = null;
  const keptAt = (position: bigint): Promise<KeptFigureRows> => {
    const following = kept === null ? readFigureRows(rows, directory, calendar, position) : kept.then((rows_) => followFigureRows(rows_, rows, store.events, position, directory));
    // A failed read is not kept: the next request reads every row again.
    kept = following.catch((error: unknown) => {
      kept = null;
      throw error;
    });
    return kept;
  };

  const readModelsAt = async (position: bigint): Promise<AtPosition> => {
    const following = await rowsAt(position);
    const keptRows = await keptAt(position);
    const { figures, figureRows } = await keptFigures(following, keptRows, calendar);
    const at: AtPosition = {
      figureRows,
      scope: null,
      models: {
        position,
        directory,
        figures,
        // The listing's totals from the kept groups of the board's counts, not a count of the rows.
        board: boardListingOf(following, directory, (criteria) => boardTotal(keptRows.board, directory, criteria)),
        caseEntry: async (caseId) => {
          const [row] = (await following.board.query({ where: { caseId }, orderBy: [], limit: 1 })).rows;
          return row === undefined ? null : boardEntryOf(row);
        },
        statistics: (query) => statisticsReportByDay(keptRows.statistics, statisticsOptions(query, directory)),
        scopedTo: async (viewer) => {
          const context = await scopeOf(at, position);
          return scopedReadModelsOf(context, caseSight(viewer.principal, viewer.authorization, context.caseScopes));
        },
      },
    };
    return at;
  };
  const scopeOf = (at: AtPosition, position: bigint): Promise<ScopeContext> => (at.scope ??= scopeContextAt(position, at.figureRows()));

  let cached: AtPosition | null = null;
  let pending: Promise<AtPosition> | null = null;
  const bringUpToDate = async (): Promise<AtPosition> => {
    const position = await store.lastPosition();
    if (cached !== null && cached.models.position === position) return cached;
    cached = await readModelsAt(position);
    return cached;
  };
  const upToDate = () => (pending ??= bringUpToDate().finally(() => (pending = null)));
  const sightOf = async (viewer: DashboardViewer): Promise<CaseSight> => {
    const at = await upToDate();
    return caseSight(viewer.principal, viewer.authorization, (await scopeOf(at, at.models.position)).caseScopes);
  };
  return {
    description: store.description,
    lastPosition: () => store.lastPosition(),
    readModels: async () => (await upToDate()).models,
    timeline: async (caseId, viewer) => timelineOfCase(rows, caseId, calendar, viewer === undefined ? undefined : await sightOf(viewer)),
    stop: () => rows.stop(),
  };
};
