import {
  type CaseBoardState,
  type CaseScopesState,
  type AnyCaseEvent,
  type DeadlinesState,
  type EscalationPathsState,
  type Projection,
  type StatisticsState,
  caseBoardProjection,
  caseScopesProjection,
  deadlinesProjection,
  escalationPathsProjection,
  statisticsProjection,
} from '@casefold/core';
import { fnv1a } from '../hashing/fnv1a.js';

/** The read models behind the four dashboards, and each case's scope for authorization, kept together. */
export interface DashboardState {
  readonly caseBoard: CaseBoardState;
  readonly escalationPaths: EscalationPathsState;
  readonly deadlines: DeadlinesState;
  readonly statistics: StatisticsState;
  /** Each case's kind, units and subject ids (`caseScopesProjection`): what the authorization policy's scoped reads (`caseSight`) take. */
  readonly caseScopes: CaseScopesState;
}

/**
 * The CLI's built-in projections, by their key in {@link DashboardState}: those the dashboards
 * show, and the case scopes that `serve` and `export` check an authorization policy against.
 */
export const DASHBOARD_PROJECTIONS = {
  caseBoard: caseBoardProjection,
  escalationPaths: escalationPathsProjection,
  deadlines: deadlinesProjection,
  statistics: statisticsProjection,
  caseScopes: caseScopesProjection,
} as const;

type Key = keyof typeof DASHBOARD_PROJECTIONS;
const KEYS = Object.keys(DASHBOARD_PROJECTIONS) as Key[];

/**
 * The CLI's built-in projections (the four dashboards' and the case scopes) as one: each event is read and decoded once and folded
 * into every part, and one record (state and checkpoint) holds them all, so the parts can
 * never disagree about how far they got. Its version is derived from the parts' names and
 * versions, so a new version of any built-in projection rebuilds it.
 */
export const dashboardProjection: Projection<DashboardState, AnyCaseEvent> = {
  name: 'casefold-cli.dashboards',
  version: fnv1a(KEYS.map((key) => `${DASHBOARD_PROJECTIONS[key].name}@${DASHBOARD_PROJECTIONS[key].version}`).join(',')),
  initialState: {
    caseBoard: caseBoardProjection.initialState,
    escalationPaths: escalationPathsProjection.initialState,
    deadlines: deadlinesProjection.initialState,
    statistics: statisticsProjection.initialState,
    caseScopes: caseScopesProjection.initialState,
  },
  apply: (draft, envelope) => {
    caseBoardProjection.apply(draft.caseBoard, envelope);
    escalationPathsProjection.apply(draft.escalationPaths, envelope);
    deadlinesProjection.apply(draft.deadlines, envelope);
    statisticsProjection.apply(draft.statistics, envelope);
    caseScopesProjection.apply(draft.caseScopes, envelope);
  },
};
