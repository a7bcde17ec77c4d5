import { type Calendar, type CaseSight, type StatisticsReport, type StatisticsReportOptions, statisticsQuery, statisticsReportOfRows } from '@casefold/core';
import type { ReadModels } from '../readModels.js';
import { everyRow } from './everyRow.js';

/**
 * The published figures for a period (and unit, kind: `options.workflow`) over the cases the
 * caller sees: the period's rows from `statisticsQuery` (a range of an index), the cases whose
 * `case` and `summary` parts `sight` does not both show dropped (as `scopeStatistics` drops them:
 * a case's amounts are part of its summary), reported by `statisticsReportOfRows`.
 *
 * @throws ReportInputError for a bound that is not a date or instant, an empty period, or a unit the directory does not know.
 */
export const readStatistics = async (readModels: ReadModels, calendar: Calendar, sight: CaseSight, options: StatisticsReportOptions): Promise<StatisticsReport> => {
  const { first, endMs } = statisticsQuery(calendar, options);
  const rows = await everyRow(readModels.statistics.query, first, (last) => endMs === null || last.submittedMs < endMs);
  return statisticsReportOfRows(
    rows.filter((row) => sight(row.caseId, 'case') && sight(row.caseId, 'summary')),
    calendar,
    options,
  );
};
