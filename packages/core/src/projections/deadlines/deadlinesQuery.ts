import type { Calendar } from '../../calendar/calendar.js';
import type { JurisdictionDirectory } from '../../jurisdictions/directory.js';
import { SUBTREE_COLUMNS } from '../caseBoard/caseBoardRows.js';
import { checkCriteria, textRule } from '../caseBoard/checkCriteria.js';
import type { RowQuery } from '../rows/rowProjection.js';
import { ReportInputError } from '../shared/reportInputError.js';
import { type DeadlineReport, type DeadlineReportOptions, deadlineReport } from './deadlineReport.js';
import { type DeadlinesRow, deadlinesStateOfRows } from './deadlinesRows.js';

/** Options of {@link deadlinesQuery}. */
export interface DeadlinesQueryOptions {
  /**
   * Only the open cases held in this unit's subtree (itself and every unit under it). Without
   * it: every row, closed cases with late-recorded stops included, for the whole store's report.
   */
  readonly unit?: string;
  /** Only cases of this kind (workflow id). */
  readonly kind?: string;
}

/** Rows per page of {@link deadlinesQuery}. */
const PAGE = 1000;

/**
 * The rows a deadlines report of a unit's subtree (and a kind) needs, from an index whose leading
 * columns are `open` and the unit's subtree column (or the unit itself): the open cases held
 * there, page by page in key order. Throws a {@link ReportInputError} for a unit the directory
 * does not know, and for a unit or kind given `undefined` (leave it out instead: without a unit
 * the query reads every case) or not text. Read every page (`after: page.next` while `next` is not `null`), then compute
 * the report with {@link deadlineReportOfRows}: its due soon, breached and extended deadlines
 * are those of the unit's open cases, its `onTimeRecordedLate` their late-recorded stops.
 *
 * @example
 * const first = deadlinesQuery(directory, { unit: 'guandu-guanshang' });
 * const rows = [];
 * for (let page = await runner.query(first); ; page = await runner.query({ ...first, after: page.next })) {
 *   rows.push(...page.rows);
 *   if (page.next === null) break;
 * }
 * const report = deadlineReportOfRows(rows, now, calendar);
 */
export const deadlinesQuery = (directory: JurisdictionDirectory, options: DeadlinesQueryOptions = {}): RowQuery<DeadlinesRow> => {
  checkCriteria('deadlinesQuery', options, { unit: textRule('a unit id', 'read every case, closed ones too'), kind: textRule('a case kind, the workflow id', 'read every kind') });
  const kind = options.kind === undefined ? {} : { kind: options.kind };
  if (options.unit === undefined) return { where: kind, orderBy: [], limit: PAGE };
  const level = directory.units.get(options.unit)?.level;
  if (level === undefined) throw new ReportInputError('deadlinesQuery: unit', `${JSON.stringify(options.unit)} is not a unit of the directory; give the id of a unit or department`);
  const unit = level === 'city' ? {} : level in SUBTREE_COLUMNS ? { [SUBTREE_COLUMNS[level as keyof typeof SUBTREE_COLUMNS]]: options.unit } : { unit: options.unit };
  return { where: { open: 1, ...unit, ...kind }, orderBy: [], limit: PAGE };
};

/**
 * The deadlines report of the rows {@link deadlinesQuery} selected: `deadlineReport` over the
 * document state of those cases, with the same `now`, calendar and options — for every row, equal
 * to `deadlineReport` over the document deadlines.
 */
export const deadlineReportOfRows = (rows: Iterable<DeadlinesRow>, now: string, calendar: Calendar, options: DeadlineReportOptions = {}): DeadlineReport =>
  deadlineReport(deadlinesStateOfRows(rows), now, calendar, options);
