import {
  type CaseBoardState,
  type AnyCaseEvent,
  type DeadlinesState,
  type EscalationPathsState,
  type Projection,
  type StatisticsState,
  caseBoardProjection,
  deadlinesProjection,
  escalationPathsProjection,
  statisticsProjection,
} from '@casefold/core';
import { fnv1a } from '../hashing/fnv1a.js';

/** The read models behind the four dashboards, kept together. */
export interface DashboardState {
  readonly caseBoard: CaseBoardState;
  readonly escalationPaths: EscalationPathsState;
  readonly deadlines: DeadlinesState;
  readonly statistics: StatisticsState;
}

/** The built-in projections the dashboards show, by their key in {@link DashboardState}. */
export const DASHBOARD_PROJECTIONS = {
  caseBoard: caseBoardProjection,
  escalationPaths: escalationPathsProjection,
  deadlines: deadlinesProjection,
  statistics: statisticsProjection,
} as const;

type Key = keyof typeof DASHBOARD_PROJECTIONS;
const KEYS = Object.keys(DASHBOARD_PROJECTIONS) as Key[];

/**
 * The four dashboard projections as one: each event is read and decoded once and folded
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
  },
  apply: (draft, envelope) => {
    caseBoardProjection.apply(draft.caseBoard, envelope);
    escalationPathsProjection.apply(draft.escalationPaths, envelope);
    deadlinesProjection.apply(draft.deadlines, envelope);
    statisticsProjection.apply(draft.statistics, envelope);
  },
};
