import { castDraft } from 'immer';
import type { Calendar } from '../../calendar/calendar.js';
import { instantMillis } from '../../values/values.js';
import { SUBTREE_COLUMNS } from '../caseBoard/caseBoardRows.js';
import { checkCriteria, textRule } from '../caseBoard/checkCriteria.js';
import type { RowQuery } from '../rows/rowProjection.js';
import { type ShardedRecord, setIn } from '../shared/shardedRecord.js';
import type { CaseFacts } from './statisticsProjection.js';
import type { StatisticsReport, StatisticsReportOptions } from './statisticsFigures.js';
import { resolveReportOptions, statisticsReport } from './statisticsReport.js';
import { type StatisticsRow, factsOfRow } from './statisticsRows.js';

/**
 * The rows to read for a statistics report ({@link statisticsQuery}): the first page's query, and
 * where the period ends.
 */
export interface StatisticsQuery {
  /** The first page: the cases submitted from the period's start, of the kind and unit asked for, by submission time. */
  readonly first: RowQuery<StatisticsRow>;
  /**
   * The end of the period in epoch milliseconds (exclusive; `null`: open). Page on (`after: page.next`)
   * while there is a next page and the last row's `submittedMs` is before it.
   */
  readonly endMs: number | null;
}

/** Rows per page of {@link statisticsQuery}. */
const PAGE = 1000;

/**
 * The rows a statistics report for a period, a kind (`workflow`) and a unit needs, from an index
 * whose leading columns are the unit's subtree column (or the handled unit itself), or the kind,
 * then the submission time: the period is a range of that index, read page by page from its
 * start. The options are checked as `statisticsReport` checks them (the same `ReportInputError`
 * for a bad bound, an empty period, or a unit missing from the directory), and a unit or
 * workflow given `undefined` (leave it out to count the whole store) or not text is refused. Read every page, then
 * compute the report with {@link statisticsReportOfRows}.
 *
 * @example
 * const { first, endMs } = statisticsQuery(calendar, { from: '2026-03-01', to: '2026-04-01', unit: 'guandu-guanshang', directory });
 * const rows = [];
 * for (let page = await runner.query(first); ; page = await runner.query({ ...first, after: page.next })) {
 *   rows.push(...page.rows);
 *   const last = page.rows.at(-1);
 *   if (page.next === null || (endMs !== null && last !== undefined && last.submittedMs >= endMs)) break;
 * }
 * const report = statisticsReportOfRows(rows, calendar, { from: '2026-03-01', to: '2026-04-01', unit: 'guandu-guanshang', directory });
 */
export const statisticsQuery = (calendar: Calendar, options: StatisticsReportOptions = {}): StatisticsQuery => {
  checkCriteria('statisticsQuery', options, { unit: textRule('a unit id', 'count the whole store'), workflow: textRule('a case kind, the workflow id', 'count every kind') });
  // The period and unit as the report resolves and checks them.
  const { period, unit } = resolveReportOptions(calendar, options).heading;
  const level = unit === null ? undefined : options.directory?.units.get(unit)?.level;
  const unitFilter =
    unit === null || level === 'city' ? {} : level !== undefined && level in SUBTREE_COLUMNS ? { [SUBTREE_COLUMNS[level as keyof typeof SUBTREE_COLUMNS]]: unit } : { handledUnit: unit };
  return {
    first: {
      where: { ...unitFilter, ...(options.workflow === undefined ? {} : { workflow: options.workflow }) },
      orderBy: ['submittedMs'],
      limit: PAGE,
      // After (from, ''): every case submitted at `from` or later (stream ids are never empty).
      ...(period.from === null ? {} : { after: [instantMillis(period.from), ''] }),
    },
    endMs: period.to === null ? null : instantMillis(period.to),
  };
};

/**
 * The statistics report of the rows {@link statisticsQuery} selected (or any superset: every
 * option filters again), equal to `statisticsReport` over the document statistics with the same
 * calendar and options.
 */
export const statisticsReportOfRows = (rows: readonly StatisticsRow[], calendar: Calendar, options: StatisticsReportOptions = {}): StatisticsReport => {
  const cases: ShardedRecord<CaseFacts> = {};
  for (const row of rows) setIn(castDraft(cases), row.caseId, factsOfRow(row));
  return statisticsReport({ streams: {}, cases }, calendar, options);
};
