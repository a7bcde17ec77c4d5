import * as E from 'fp-ts/lib/Either.js';
import {
  type Calendar,
  type CaseBoardEntry,
  type JurisdictionDirectory,
  caseOnBoard,
  caseTimelineProjection,
  casesOnBoard,
  deadlineReport,
  isSelfOrAbove,
  statisticsReport,
  timelineOf,
} from '@casefold/core';
import type { BoardQuery, DashboardFigures, DashboardReadModels, DashboardSource } from '@casefold/dashboard';
import { caseStreamId, chinaCalendar, projectStream } from '@casefold/engine';
import type { Output } from '../cli/output.js';
import { dashboardsOf } from '../dashboards/dashboards.js';
import type { DashboardState } from '../projections/dashboardProjection.js';
import { currentDashboards } from '../session/currentDashboards.js';
import { readDirectory } from '../session/readDirectory.js';
import type { OpenedStore } from '../store/openStore.js';
import { storeEventCodec } from '../store/storeEventCodec.js';

/** Board listings kept per position (the most recent filters). */
const LISTINGS_KEPT = 16;

/** Whether a case held by `holder` lies in `unit`'s subtree (a unit the directory does not know only in its own). */
const within = (directory: JurisdictionDirectory, holder: string, unit: string): boolean => holder === unit || isSelfOrAbove(directory, holder, unit);

/**
 * The read models at one position, answered with the code `casefold dashboards`, `stats` and
 * `timeline` use: the dashboards' figures come from {@link dashboardsOf} (and the whole deadline
 * report from the same `deadlineReport` call it makes), the board's cases from `casesOnBoard`.
 * When the board moves to row-based read models, its listing changes here and nowhere else.
 */
const readModelsOf = (state: DashboardState, position: bigint, directory: JurisdictionDirectory, calendar: Calendar): DashboardReadModels => {
  const figuresByKind = new Map<string, DashboardFigures>();
  const figures = (kind: string | undefined): DashboardFigures => {
    const known = figuresByKind.get(kind ?? '');
    if (known !== undefined) return known;
    const dashboards = dashboardsOf(state, { calendar, directory, ...(kind === undefined ? {} : { kind }) });
    const computed: DashboardFigures = {
      asOf: dashboards.asOf,
      caseBoard: dashboards.caseBoard,
      escalation: dashboards.escalation,
      deadlines: deadlineReport(state.deadlines, dashboards.asOf, calendar, kind === undefined ? {} : { kind }),
      statistics: dashboards.statistics,
    };
    figuresByKind.set(kind ?? '', computed);
    return computed;
  };
  // One listing per filter at this position, so paging through it does not sort the board again.
  const listings = new Map<string, readonly CaseBoardEntry[]>();
  const board = (query: BoardQuery) => {
    const key = JSON.stringify([query.kind, query.status, query.stage, query.unit, query.withinUnits]);
    let matching = listings.get(key);
    if (matching === undefined) {
      matching = casesOnBoard(state.caseBoard, {
        ...(query.kind === undefined ? {} : { kind: query.kind }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.stage === undefined ? {} : { stage: query.stage }),
      }).filter(
        (entry) =>
          (query.unit === undefined || within(directory, entry.unit, query.unit)) && (query.withinUnits === undefined || query.withinUnits.some((unit) => within(directory, entry.unit, unit))),
      );
      if (listings.size >= LISTINGS_KEPT) listings.delete(listings.keys().next().value!);
      listings.set(key, matching);
    }
    const start = (query.page - 1) * query.pageSize;
    return { cases: matching.slice(start, start + query.pageSize), total: matching.length };
  };
  return {
    position,
    directory,
    figures,
    board,
    caseEntry: (caseId) => caseOnBoard(state.caseBoard, caseId),
    statistics: (query) =>
      statisticsReport(state.statistics, calendar, {
        ...(query.from === undefined ? {} : { from: query.from }),
        ...(query.to === undefined ? {} : { to: query.to }),
        ...(query.unit === undefined ? {} : { unit: query.unit, directory }),
        ...(query.kind === undefined ? {} : { workflow: query.kind }),
      }),
  };
};

/**
 * The dashboard's data access over an opened store: the dashboards' read model brought up to
 * the store's last position with {@link currentDashboards} (as `casefold dashboards` does: only
 * new events are folded), kept while the position stays, and one case's timeline folded from
 * its stream as `casefold timeline` does. Concurrent requests share one catch-up.
 */
export const dashboardSourceOf = (store: OpenedStore, output: Output): DashboardSource => {
  const calendar = chinaCalendar();
  let cached: DashboardReadModels | null = null;
  let pending: Promise<DashboardReadModels> | null = null;
  const bringUpToDate = async (): Promise<DashboardReadModels> => {
    const position = await store.lastPosition();
    if (cached !== null && cached.position === position) return cached;
    const { directory } = await readDirectory(store);
    const current = await currentDashboards(store, output);
    cached = readModelsOf(current.state, current.position, directory, calendar);
    return cached;
  };
  return {
    description: store.description,
    lastPosition: () => store.lastPosition(),
    readModels: () => (pending ??= bringUpToDate().finally(() => (pending = null))),
    timeline: async (caseId) => {
      const folded = await projectStream(store.events, caseStreamId(caseId), caseTimelineProjection, storeEventCodec);
      if (E.isLeft(folded)) throw folded.left;
      return timelineOf(folded.right, caseId, calendar);
    },
  };
};
