import {
  type Calendar,
  type CaseBoardRow,
  type CaseScopesState,
  type CaseSight,
  type EscalationPathRow,
  type JurisdictionDirectory,
  boardEntryOf,
  caseBoardCountsOfRows,
  caseSight,
  escalationReportOfCaseRows,
  isSelfOrAbove,
  statisticsReportOfRows,
} from '@casefold/core';
import { type DashboardReadModels, DEADLINE_ITEMS_SHOWN, type StatisticsQuery } from '@casefold/dashboard';
import { type FigureRows, figuresOf } from './rowFigures.js';
import { statisticsOptions } from './statisticsOptions.js';

/** Every case's board and escalation row at one position: what a viewer's figures are computed from, besides the {@link FigureRows}. */
export interface CaseRows {
  readonly board: readonly CaseBoardRow[];
  readonly escalation: readonly EscalationPathRow[];
}

/** Where a viewer's read models are computed from: the rows at one position and what they were read with. */
export interface ScopeContext {
  readonly position: bigint;
  readonly directory: JurisdictionDirectory;
  readonly calendar: Calendar;
  readonly figureRows: FigureRows;
  readonly caseRows: CaseRows;
  /** Each case's scope, which a viewer's `caseSight` is judged on. */
  readonly caseScopes: CaseScopesState;
}

/** Whether a case held by `holder` lies in `unit`'s subtree (a unit the directory does not know only in its own), as the board's unit filter selects. */
const within = (directory: JurisdictionDirectory, holder: string, unit: string): boolean => holder === unit || isSelfOrAbove(directory, holder, unit);

/**
 * The read models over only the cases `sight` shows (the core's `caseSight` of a viewer), from
 * every row at one position, as the core's scoped reads keep them (`scopeCaseBoard`,
 * `scopeDeadlines`, `scopeEscalationPaths`: the cases seen; `scopeStatistics`: those whose
 * summary is seen too), deadlines judged at the whole store's `asOf`. Work proportional to the
 * cases, not answered from indexes: a policy's predicate is not a column.
 */
export const scopedReadModelsOf = (context: ScopeContext, sight: CaseSight): DashboardReadModels => {
  const { directory, calendar, figureRows, caseRows } = context;
  const seen = (caseId: string | null): boolean => caseId !== null && sight(caseId, 'case');
  const board = caseRows.board.filter((row) => seen(row.caseId)).sort((a, b) => a.submittedMs - b.submittedMs || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
  const escalation = caseRows.escalation.filter((row) => row.record === 'case' && seen(row.caseId));
  const statistics = figureRows.statistics.filter((row) => seen(row.caseId) && sight(row.caseId, 'summary'));
  const ofKind = <R extends { readonly kind: string }>(rows: readonly R[], kind: string | undefined): readonly R[] => (kind === undefined ? rows : rows.filter((row) => row.kind === kind));
  return {
    position: context.position,
    directory,
    figures: figuresOf(
      { asOf: figureRows.asOf, deadlines: figureRows.deadlines.filter((row) => seen(row.caseId)), statistics },
      {
        caseBoard: (kind) => caseBoardCountsOfRows(ofKind(board, kind)),
        escalation: (kind) => escalationReportOfCaseRows(escalation, directory, kind === undefined ? {} : { kind }),
      },
      calendar,
      DEADLINE_ITEMS_SHOWN,
    ),
    board: (query) => {
      const matching = board.filter(
        (row) =>
          (query.unit === undefined || within(directory, row.unit, query.unit)) &&
          (query.kind === undefined || row.kind === query.kind) &&
          (query.status === undefined || row.status === query.status) &&
          (query.stage === undefined || row.stage === query.stage),
      );
      const start = (query.page - 1) * query.pageSize;
      return { cases: matching.slice(start, start + query.pageSize).map(boardEntryOf), total: matching.length };
    },
    caseEntry: (caseId) => {
      const row = board.find((r) => r.caseId === caseId);
      return row === undefined ? null : boardEntryOf(row);
    },
    statistics: (query: StatisticsQuery) => {
      const options = statisticsOptions(query, directory);
      return statisticsReportOfRows(statistics, calendar, options);
    },
    scopedTo: (viewer) => {
      const narrower = caseSight(viewer.principal, viewer.authorization, context.caseScopes);
      return scopedReadModelsOf(context, (caseId, part) => sight(caseId, part) && narrower(caseId, part));
    },
  };
};
