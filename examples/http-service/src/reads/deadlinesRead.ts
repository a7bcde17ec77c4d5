import { type Calendar, type CaseSight, type DeadlineReport, type JurisdictionDirectory, deadlineReportOfRows, deadlinesQuery } from '@casefold/core';
import type { ReadModels } from '../readModels.js';
import { everyRow } from './everyRow.js';

/** What `/deadlines` asks: the instant the deadlines are judged at, and the unit whose subtree's open cases count (every case without it). */
export interface DeadlinesRequest {
  readonly asOf: string;
  readonly unit?: string;
}

/**
 * The deadlines report of the cases the caller sees: every page of `deadlinesQuery` (a unit's
 * subtree is a range of an index), the rows of cases `sight` does not show dropped, due times
 * worked out on the calendar at `asOf` (`deadlineReportOfRows`).
 *
 * @throws ReportInputError for a unit the directory does not know, or an `asOf` that is not an instant.
 */
export const readDeadlines = async (readModels: ReadModels, directory: JurisdictionDirectory, calendar: Calendar, sight: CaseSight, request: DeadlinesRequest): Promise<DeadlineReport> => {
  const rows = await everyRow(readModels.deadlines.query, deadlinesQuery(directory, request.unit === undefined ? {} : { unit: request.unit }));
  return deadlineReportOfRows(
    rows.filter((row) => sight(row.caseId, 'case')),
    request.asOf,
    calendar,
  );
};
