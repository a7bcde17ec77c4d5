import * as E from 'fp-ts/lib/Either.js';
import {
  type Authorization,
  type Calendar,
  type CaseBoardEntry,
  type CaseScopesState,
  type JurisdictionDirectory,
  caseOnBoard,
  caseSight,
  caseTimelineProjection,
  casesOnBoard,
  deadlineReport,
  isSelfOrAbove,
  scopeCaseBoard,
  scopeCaseTimelines,
  scopeDeadlines,
  scopeEscalationPaths,
  scopeStatistics,
  statisticsReport,
  timelineOf,
} from '@casefold/core';
import { type BoardQuery, type DashboardFigures, type DashboardReadModels, type DashboardSource, type DashboardViewer, DEADLINE_ITEMS_SHOWN } from '@casefold/dashboard';
import { caseStreamId, chinaCalendar, projectStream } from '@casefold/engine';
import type { Output } from '../cli/output.js';
import { dashboardsOf, latestEventAt } from '../dashboards/dashboards.js';
import type { DashboardState } from '../projections/dashboardProjection.js';
import { currentDashboards } from '../session/currentDashboards.js';
import { readDirectory } from '../session/readDirectory.js';
import type { OpenedStore } from '../store/openStore.js';
import { storeEventCodec } from '../store/storeEventCodec.js';

/** Board listings kept per position (the most recent filters), and viewers' read models per position (the most recent principals). */
const LISTINGS_KEPT = 16;
const VIEWERS_KEPT = 16;

/** Whether a case held by `holder` lies in `unit`'s subtree (a unit the directory does not know only in its own). */
const within = (directory: JurisdictionDirectory, holder: string, unit: string): boolean => holder === unit || isSelfOrAbove(directory, holder, unit);

/** The dashboards' read models holding only the cases the viewer sees, through the core's scoped reads. */
const scopedState = (state: DashboardState, { principal, authorization }: DashboardViewer): DashboardState => {
  const sight = caseSight(principal, authorization, state.caseScopes);
  return {
    caseBoard: scopeCaseBoard(state.caseBoard, sight),
    escalationPaths: scopeEscalationPaths(state.escalationPaths, sight),
    deadlines: scopeDeadlines(state.deadlines, sight),
    statistics: scopeStatistics(state.statistics, sight),
    caseScopes: state.caseScopes,
  };
};

/**
 * The read models at one position, answered with the code `casefold dashboards`, `stats` and
 * `timeline` use: the dashboards' figures come from {@link dashboardsOf} (and the deadline report
 * from the same `deadlineReport` call it makes, its lists cut to what the pages show), the board's cases from `casesOnBoard`.
 * A viewer's read models are the same over {@link scopedState}, judged at the whole store's
 * `asOf`. When the board moves to row-based read models, its listing changes here and nowhere else.
 */
const readModelsOf = (state: DashboardState, position: bigint, directory: JurisdictionDirectory, calendar: Calendar, asOf?: string): DashboardReadModels => {
  const figuresByKind = new Map<string, DashboardFigures>();
  const figures = (kind: string | undefined): DashboardFigures => {
    const known = figuresByKind.get(kind ?? '');
    if (known !== undefined) return known;
    const dashboards = dashboardsOf(state, { calendar, directory, ...(asOf === undefined ? {} : { asOf }), ...(kind === undefined ? {} : { kind }) });
    const computed: DashboardFigures = {
      asOf: dashboards.asOf,
      caseBoard: dashboards.caseBoard,
      escalation: dashboards.escalation,
      deadlines: deadlineReport(state.deadlines, dashboards.asOf, calendar, { ...(kind === undefined ? {} : { kind }), listed: DEADLINE_ITEMS_SHOWN }),
      statistics: dashboards.statistics,
    };
    figuresByKind.set(kind ?? '', computed);
    return computed;
  };
  // One listing per filter at this position, so paging through it does not sort the board again.
  const listings = new Map<string, readonly CaseBoardEntry[]>();
  const board = (query: BoardQuery) => {
    const key = JSON.stringify([query.kind, query.status, query.stage, query.unit]);
    let matching = listings.get(key);
    if (matching === undefined) {
      matching = casesOnBoard(state.caseBoard, {
        ...(query.kind === undefined ? {} : { kind: query.kind }),
        ...(query.status === undefined ? {} : { status: query.status }),
        ...(query.stage === undefined ? {} : { stage: query.stage }),
      }).filter((entry) => query.unit === undefined || within(directory, entry.unit, query.unit));
      if (listings.size >= LISTINGS_KEPT) listings.delete(listings.keys().next().value!);
      listings.set(key, matching);
    }
    const start = (query.page - 1) * query.pageSize;
    return { cases: matching.slice(start, start + query.pageSize), total: matching.length };
  };
  // A viewer's read models at this position, by policy and principal, so that each of their pages does not scope the read models again.
  const viewers = new WeakMap<Authorization, Map<string, DashboardReadModels>>();
  const scopedTo = (viewer: DashboardViewer): DashboardReadModels => {
    let byPrincipal = viewers.get(viewer.authorization);
    if (byPrincipal === undefined) viewers.set(viewer.authorization, (byPrincipal = new Map()));
    const key = JSON.stringify(viewer.principal);
    let scoped = byPrincipal.get(key);
    if (scoped === undefined) {
      scoped = readModelsOf(scopedState(state, viewer), position, directory, calendar, asOf ?? latestEventAt(state) ?? new Date(0).toISOString());
      if (byPrincipal.size >= VIEWERS_KEPT) byPrincipal.delete(byPrincipal.keys().next().value!);
      byPrincipal.set(key, scoped);
    }
    return scoped;
  };
  return {
    position,
    directory,
    figures,
    board,
    scopedTo,
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

/** The read models at the store's last position, and the case scopes they were scoped with. */
interface Current {
  readonly models: DashboardReadModels;
  readonly caseScopes: CaseScopesState;
}

/**
 * The dashboard's data access over an opened store: the dashboards' read model brought up to
 * the store's last position with {@link currentDashboards} (as `casefold dashboards` does: only
 * new events are folded), kept while the position stays, and one case's timeline folded from
 * its stream as `casefold timeline` does — for a viewer, scoped with `scopeCaseTimelines` over
 * the case scopes brought up to date first. Concurrent requests share one catch-up.
 */
export const dashboardSourceOf = (store: OpenedStore, output: Output): DashboardSource => {
  const calendar = chinaCalendar();
  let cached: Current | null = null;
  let pending: Promise<Current> | null = null;
  const bringUpToDate = async (): Promise<Current> => {
    const position = await store.lastPosition();
    if (cached !== null && cached.models.position === position) return cached;
    const { directory } = await readDirectory(store);
    const current = await currentDashboards(store, output);
    cached = { models: readModelsOf(current.state, current.position, directory, calendar), caseScopes: current.state.caseScopes };
    return cached;
  };
  const upToDate = () => (pending ??= bringUpToDate().finally(() => (pending = null)));
  return {
    description: store.description,
    lastPosition: () => store.lastPosition(),
    readModels: async () => (await upToDate()).models,
    timeline: async (caseId, viewer) => {
      const sight = viewer === undefined ? undefined : caseSight(viewer.principal, viewer.authorization, (await upToDate()).caseScopes);
      const folded = await projectStream(store.events, caseStreamId(caseId), caseTimelineProjection, storeEventCodec);
      if (E.isLeft(folded)) throw folded.left;
      return timelineOf(sight === undefined ? folded.right : scopeCaseTimelines(folded.right, sight), caseId, calendar);
    },
  };
};
