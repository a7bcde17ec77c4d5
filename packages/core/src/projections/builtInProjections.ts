import { caseBoardProjection } from './caseBoard/caseBoardProjection.js';
import { caseTimelineProjection } from './caseTimeline/caseTimelineProjection.js';
import { deadlinesProjection } from './deadlines/deadlinesProjection.js';
import { escalationPathsProjection } from './escalationPaths/escalationPathsProjection.js';
import { statisticsProjection } from './statistics/statisticsProjection.js';

/** Every built-in projection by name, for a runner or a CLI that starts them all. */
export const builtInProjections = {
  caseBoard: caseBoardProjection,
  escalationPaths: escalationPathsProjection,
  deadlines: deadlinesProjection,
  statistics: statisticsProjection,
  caseTimeline: caseTimelineProjection,
} as const;
