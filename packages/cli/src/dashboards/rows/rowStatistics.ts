import { type Calendar, type StatisticsReport, type StatisticsReportOptions, statisticsQuery, statisticsReportOfRows } from '@casefold/core';
import type { RowProjectionStore } from '@casefold/engine';
import type { Output } from '../../cli/output.js';
import { readDirectory } from '../../session/readDirectory.js';
import type { OpenedStore } from '../../store/openStore.js';
import { currentDashboardRows } from './currentDashboardRows.js';
import { everyRow } from './dashboardRows.js';

/** Options of {@link rowStatisticsOf}: the report's period (and unit, kind), with where the rows are kept and the progress bar is drawn. */
export interface RowStatisticsOptions extends StatisticsReportOptions {
  readonly calendar: Calendar;
  /** The store's row read models (`store.rowProjections`: SQLite, PostgreSQL). */
  readonly rowStore: RowProjectionStore;
  readonly output: Output;
}

/**
 * The published figures for the cases submitted in a period, from the store's statistics rows
 * brought up to its last position first (`currentDashboardRows`). Only the period's rows are read,
 * from the index on submission time (`statisticsQuery`). Equal to `statisticsReport` over the
 * document statistics of the same events.
 *
 * @example
 * const report = await rowStatisticsOf(store, { rowStore: store.rowProjections, output, calendar: chinaCalendar(), from: '2025-03-01', to: '2025-06-01' });
 *
 * @throws ReportInputError for a period that holds no instant; ProjectionConflictError when another command committed the rows first three times in a row.
 */
export const rowStatisticsOf = async (store: OpenedStore, options: RowStatisticsOptions): Promise<StatisticsReport> => {
  const { calendar, rowStore, output, ...report } = options;
  // Checked before the rows are brought up to date: a period that holds no instant is refused at once.
  const { first, endMs } = statisticsQuery(calendar, report);
  const { directory } = await readDirectory(store);
  const { rows } = await currentDashboardRows({ store, rowStore, directory, output });
  // The period's last page reads at most one page of rows past its end.
  const inPeriod = await everyRow(rows.statistics, first, (last) => endMs === null || last.submittedMs < endMs);
  return statisticsReportOfRows(inPeriod, calendar, report);
};
