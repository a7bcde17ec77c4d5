/**
 * The built-in projections: pure folds of case events into plain-JSON read
 * models, and pure queries over them (those that need a calendar take it as an argument).
 */
export { type CaseBoardCounts, type CaseBoardEntry, type CaseBoardState, caseBoardProjection, caseOnBoard } from './caseBoard/caseBoardProjection.js';
export { type CaseBoardFilter, casesOnBoard, countsOnBoard } from './caseBoard/casesOnBoard.js';
export { stageAfter } from './caseBoard/stageAfter.js';
export { type CaseBoardRow, SUBTREE_COLUMNS, type SubtreeColumns, boardEntryOf, caseBoardRows, caseBoardTable, subtreeColumnsOf } from './caseBoard/caseBoardRows.js';
export { type CaseBoardCriteria, type CaseBoardQuery, caseBoardCountQuery, caseBoardCountsOf, caseBoardCountsOfRows, caseBoardQuery, caseBoardTotalQuery } from './caseBoard/caseBoardQuery.js';
export type { Column, ColumnType, Row, RowCountQuery, RowCursor, RowFilter, RowGroupCount, RowPage, RowProjection, RowQuery, RowTable, RowValue, Rows } from './rows/rowProjection.js';
export { type StagedCase, stageLabel } from './caseBoard/stageLabel.js';
export { type CasePath, type EscalationPathsState, type PathStop, escalationPathOf, escalationPathsProjection } from './escalationPaths/escalationPathsProjection.js';
export {
  type EscalationReport,
  type EscalationReportOptions,
  type ResolutionFigures,
  LEVELS_WITHIN_COMMUNITY,
  LEVELS_WITHIN_GRID,
  LEVELS_WITHIN_SUB_DISTRICT,
  escalationReport,
  resolutionFigures,
  subDistrictOf,
} from './escalationPaths/escalationReport.js';
export { type ResolutionTotals, NO_TOTALS, addTotals, pathTotals } from './escalationPaths/resolutionTotals.js';
export { type EscalationPathRow, OUTSIDE_SUB_DISTRICTS, escalationPathsRows, escalationPathsTable, groupsOfRow, pathOfRow } from './escalationPaths/escalationPathsRows.js';
export { escalationCasesQuery, escalationFiguresQuery, escalationPathOfRows, escalationPathQuery, escalationReportOfCaseRows, escalationReportOfRows } from './escalationPaths/escalationPathsQuery.js';
export { type DeadlinesState, type LateStoppedClocks, type OpenCaseClocks, deadlinesProjection } from './deadlines/deadlinesProjection.js';
export {
  type DeadlineCounts,
  type DeadlineItem,
  type KindDeadlines,
  type DueDeadlineItem,
  type OnTimeRecordedLateItem,
  type DeadlineReport,
  type DeadlineReportOptions,
  DEFAULT_DUE_SOON_WITHIN,
  deadlineReport,
} from './deadlines/deadlineReport.js';
export { type CaseFacts, type StatisticsState, statisticsProjection } from './statistics/statisticsProjection.js';
export type { KindFigures, ReportHeading, StatisticsReport, StatisticsReportOptions, UnitFigures } from './statistics/statisticsFigures.js';
export { statisticsReport } from './statistics/statisticsReport.js';
export { type StatisticsRow, factsOfRow, statisticsRows, statisticsTable } from './statistics/statisticsRows.js';
export { type StatisticsQuery, statisticsQuery, statisticsReportOfRows } from './statistics/statisticsQuery.js';
export { type StatisticsTally, type TallyRules, addTally, caseTally, emptyTally, reportOfTally, tallyRulesOf } from './statistics/statisticsTally.js';
export { type StatisticsByDay, putStatisticsRow, removeStatisticsRow, statisticsByDay, statisticsByDayOf, statisticsReportByDay, statisticsRowsByDay } from './statistics/statisticsByDay.js';
export { type CaseTimelineRecord, type CaseTimelineState, type TimelineEntry, caseTimelineProjection } from './caseTimeline/caseTimelineProjection.js';
export { type CaseTimeline, type TimelineItem, timelineOf } from './caseTimeline/timelineOf.js';
export { type CaseTimelineRow, caseTimelineRows, caseTimelineTable } from './caseTimeline/caseTimelineRows.js';
export { type CaseTimelinePaging, caseTimelineQuery, caseTimelineRulesQuery, timelineOfRows } from './caseTimeline/caseTimelineQuery.js';
export { type EventSummaryCatalogue, ENGLISH_EVENT_SUMMARIES, eventSummary, englishSummary, summaryIn } from './caseTimeline/eventSummary.js';
export {
  type EventDescription,
  type LifecycleEventDescription,
  type WorkflowEventDescription,
  type WithheldDescription,
  WITHHELD_DESCRIPTION,
  describeEvent,
} from './caseTimeline/eventDescription.js';
export { formatFen } from './caseTimeline/formatFen.js';
export { ReportInputError, isReportInputError } from './shared/reportInputError.js';
export { StoredRowError, isStoredRowError } from './rows/storedRowError.js';
export { RECORDED_LATE_AFTER_MS, recordedLateAt } from './shared/recordedLate.js';
export type { ClockStatus } from './shared/clockBook.js';
export { builtInProjections } from './builtInProjections.js';
export { type DeadlinesRow, type DeadlinesOfRows, deadlinesOfRows, deadlinesRows, deadlinesStateOfRows, deadlinesTable, putDeadlinesRow, removeDeadlinesRow } from './deadlines/deadlinesRows.js';
export { keptDeadlineReport } from './deadlines/keptDeadlineReport.js';
export { type DeadlinesQueryOptions, deadlineReportOfRows, deadlinesQuery } from './deadlines/deadlinesQuery.js';
