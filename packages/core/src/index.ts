/**
 * @casefold/core — the pure domain of casefold: case events and commands (io-ts codecs),
 * the decider (decide, evolve, initialState), workflow rules as versioned data,
 * jurisdictions, calendars and deadlines, public statuses, and projections as pure folds.
 * No I/O, no clock, no randomness: time and ids come in as arguments.
 */
export { instantMillis, refine, Instant, instantFromMillis, Fen, WellFormedString, Id, Text, PositiveInt, oneOf } from './values/values.js';
export { type FieldError, formatDecodeErrors, decodeErrorsMessage } from './values/decodeErrors.js';
export { type PersonalNumberKind, MainlandMobile, ResidentIdNumber, isMainlandMobile, isResidentIdNumber, personalNumberIn, residentIdCheckCharacter } from './values/personalNumbers.js';
export { decodeTagged } from './values/decodeTagged.js';
export { TERRITORIAL_LEVELS, type TerritorialLevel, UnitLevel, Unit, levelRank } from './jurisdictions/unit.js';
export { type JurisdictionDirectory, createDirectory, ancestry, isSelfOrAbove, isWithinReach, escalationTarget, effectiveLevel } from './jurisdictions/directory.js';
export {
  NEW_STAGE,
  type StageStatus,
  type StageDefinition,
  type RoleScope,
  type RoleDefinition,
  type WorkflowCommand,
  type EventMatch,
  type DeadlineRule,
  type Transition,
  type Guard,
  type CallbackRequirement,
  type BackdatingPolicy,
  DEFAULT_BACKDATING_TOLERANCE_MS,
  type Workflow,
  workflowLabel,
  defineWorkflow,
  type WorkflowCommandType,
  type WorkflowCommandOf,
  type WorkflowEventOf,
  type WorkflowRejectionCode,
} from './workflow/workflow.js';
export { mediationWorkflowV1, mediationWorkflow } from './workflow/mediationWorkflow.js';
export { legalConsultationWorkflow } from './workflow/legalConsultationWorkflow.js';
export { legalAidWorkflow } from './workflow/legalAidWorkflow.js';
export { FINAL_PETITION_MATTERS, OPEN_PETITION_MATTERS, petitionWorkflow } from './workflow/petitionWorkflow.js';
export { type PetitionMatterCase, type PetitionMattersState, petitionMatterSets, petitionMattersProjection } from './projections/petitionMatters/petitionMattersProjection.js';
export { FiveFixes, gridEventWorkflow } from './workflow/gridEventWorkflow.js';
export { shippedWorkflows } from './workflow/shippedWorkflows.js';
export { type OneWindow, type TriageRoute, centreOneWindow } from './oneWindow/oneWindow.js';
export { type WindowRequest, triage, windowCaseId } from './oneWindow/triage.js';
export { type Scalar, type Operand, type Comparison, type Condition, type ConditionScope, holds } from './workflow/condition.js';
export { CORE_REJECTION_CODES, checkWorkflow } from './workflow/checkWorkflow.js';
export { type WorkflowCodecs, workflowCodecs } from './workflow/workflowCodecs.js';
export { Actor, StartedDeadline, PublicStatusCodec, EventMeta } from './events/eventMeta.js';
export {
  PersonalData,
  ErasedPersonalData,
  RecordedPersonalData,
  isErasedPersonalData,
  Party,
  RecordedParty,
  Satisfaction,
  Submitted,
  Reviewed,
  Routed,
  Participant,
  MediationStarted,
  MediationResult,
  Mediated,
  Notarized,
  CallbackRecorded,
  DeadlineExtended,
  ClockPaused,
  ClockResumed,
  SupervisionRaised,
  Closed,
  caseEventCodecs,
  type CaseEventType,
  type CaseEventOf,
  type CaseEvent,
  type CaseEventData,
  CASE_EVENT_TYPES,
  decodeCaseEvent,
  type WorkflowEvent,
  type AnyCaseEvent,
  isLifecycleEvent,
} from './events/caseEvent.js';
export {
  Submit,
  Review,
  Dispatch,
  Escalate,
  ReturnToSender,
  StartMediation,
  RecordMediation,
  Notarize,
  RecordCallback,
  Close,
  Withdraw,
  ExtendDeadline,
  PauseClock,
  ResumeClock,
  RaiseSupervision,
  caseCommandCodecs,
  type CaseCommandType,
  type CaseCommandOf,
  type CaseCommand,
  CASE_COMMAND_TYPES,
  decodeCaseCommand,
} from './commands/caseCommand.js';
export { type PausedSpan, type Clock, type RoutingStep, type Callback, type Fact, type CaseState, initialState } from './decider/caseState.js';
export { type RejectionDetails, type RejectionCode, type CoreRejection, type GuardRejection, type Rejection, isGuardRejection, rejection, reject } from './decider/rejection.js';
export type { DecisionContext } from './decider/decisionContext.js';
export { type AnyCaseCommand, decodeCommand, decide, decideInput } from './decider/decide.js';
export { evolve, fold } from './decider/evolve.js';
export type { Envelope, Projection } from './projections/projection.js';
export {
  type CaseBoardCounts,
  type CaseBoardEntry,
  type CaseBoardState,
  caseBoardProjection,
  caseOnBoard,
  type CaseBoardFilter,
  casesOnBoard,
  countsOnBoard,
  stageAfter,
  type StagedCase,
  stageLabel,
  type CasePath,
  type EscalationPathsState,
  type PathStop,
  escalationPathOf,
  escalationPathsProjection,
  type EscalationReport,
  type ResolutionFigures,
  type EscalationReportOptions,
  LEVELS_WITHIN_GRID,
  LEVELS_WITHIN_COMMUNITY,
  LEVELS_WITHIN_SUB_DISTRICT,
  escalationReport,
  subDistrictOf,
  type DeadlinesState,
  type OpenCaseClocks,
  type LateStoppedClocks,
  deadlinesProjection,
  type DeadlineCounts,
  type DeadlineItem,
  type KindDeadlines,
  type DueDeadlineItem,
  type OnTimeRecordedLateItem,
  type ClockStatus,
  RECORDED_LATE_AFTER_MS,
  recordedLateAt,
  type DeadlineReport,
  type DeadlineReportOptions,
  DEFAULT_DUE_SOON_WITHIN,
  deadlineReport,
  type CaseFacts,
  type StatisticsState,
  statisticsProjection,
  type StatisticsReport,
  type StatisticsReportOptions,
  type KindFigures,
  type UnitFigures,
  statisticsReport,
  type CaseTimelineRecord,
  type CaseTimelineState,
  type TimelineEntry,
  caseTimelineProjection,
  type CaseTimeline,
  type TimelineItem,
  timelineOf,
  eventSummary,
  formatFen,
  ReportInputError,
  isReportInputError,
  builtInProjections,
} from './projections/index.js';
export {
  type CaseBoardRow,
  SUBTREE_COLUMNS,
  boardEntryOf,
  caseBoardRows,
  caseBoardTable,
  type CaseBoardQuery,
  caseBoardQuery,
  type CaseTimelineRow,
  caseTimelineRows,
  caseTimelineTable,
  timelineCaseKey,
  type CaseTimelinePaging,
  caseTimelineQuery,
  caseTimelineRulesQuery,
  timelineOfRows,
  type ResolutionTotals,
  NO_TOTALS,
  addTotals,
  pathTotals,
  resolutionFigures,
  type EscalationPathRow,
  OUTSIDE_SUB_DISTRICTS,
  escalationPathsRows,
  escalationPathsTable,
  groupsOfRow,
  pathOfRow,
  escalationFiguresQuery,
  escalationPathOfRows,
  escalationPathQuery,
  escalationReportOfRows,
  type Column,
  type ColumnType,
  type Row,
  type RowCursor,
  type RowFilter,
  type RowPage,
  type RowProjection,
  type RowQuery,
  type RowTable,
  type RowValue,
  type Rows,
} from './projections/index.js';
export { PUBLIC_STATUS_LABELS, PUBLIC_STATUSES, type PublicStatus, publicStatus } from './status/publicStatus.js';
export { type DeadlineDue, type DeadlineWithoutHolidayData, type DeadlineStatus, clockDueAt, deadlines, deadlineHistory } from './deadlines/deadlines.js';
export {
  CalendarCodec,
  MAX_CALENDAR_YEAR,
  MIN_CALENDAR_YEAR,
  WorkingPeriodCodec,
  type Calendar,
  type WorkingPeriod,
  CalendarInputError,
  isCalendarInputError,
  ClockTimeCodec,
  parseClockTime,
  countedTime,
  countingStart,
  dueAt,
  dueAtDetail,
  type DueAtResult,
  DurationCodec,
  DurationUnitCodec,
  MAX_DURATION_AMOUNT,
  unitMillis,
  type Duration,
  type DurationUnit,
  type HolidayDataMissing,
  HolidayYearCodec,
  withHolidayYear,
  type HolidayYear,
  InstantCodec,
  formatInstant,
  parseInstant,
  IntervalCodec,
  type Interval,
  isWorkingDay,
  LocalDateCodec,
  formatLocalDate,
  parseLocalDate,
  toCalendar,
  withExtraDays,
  type WithExtraDaysOptions,
} from './calendar/index.js';
export { workflowDiagram } from './workflow/workflowDiagram.js';
export * from './authorization/index.js';
export { RetentionClass, RetentionRule, type RetentionSchedule, checkRetentionSchedule, shippedRetentionSchedule, retentionExpiresAt } from './records/retentionSchedule.js';
export { type CaseRecord, type CaseRecordEvent, emptyCaseRecord, evolveCaseRecord } from './records/caseRecord.js';
export { PlaceLegalHold, LiftLegalHold, Dispose, recordsCommandCodecs, type RecordsCommand } from './records/recordsCommands.js';
export { RecordsMeta, LegalHoldPlaced, LegalHoldLifted, CaseDisposed, recordsEventCodecs, type RecordsEvent } from './records/recordsEvents.js';
export { type RecordsRejectionDetails, type RecordsRejectionCode, type RecordsRejection } from './records/recordsRejection.js';
export { type LegalHold, type RecordsState, initialRecordsState, type RecordsRoles, DEFAULT_RECORDS_ROLES, type RecordsContext, evolveRecords, decideRecords } from './records/recordsDecider.js';
export { type CaseRetentionRow, type SubjectCaseRow, caseRetentionTable, subjectCaseTable, caseIdOfRecordsStream, caseRetentionRows, subjectCaseRows } from './records/retentionRows.js';
