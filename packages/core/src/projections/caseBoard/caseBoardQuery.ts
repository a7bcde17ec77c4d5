import type { JurisdictionDirectory } from '../../jurisdictions/directory.js';
import type { PublicStatus } from '../../status/publicStatus.js';
import type { RowCountQuery, RowCursor, RowFilter, RowGroupCount, RowQuery } from '../rows/rowProjection.js';
import { addCount } from '../shared/counts.js';
import type { CaseBoardCounts } from './caseBoardProjection.js';
import { type CaseBoardRow, SUBTREE_COLUMNS } from './caseBoardRows.js';
import { type CriterionRule, booleanRule, checkCriteria, cursorRule, directionRule, limitRule, statusRule, textRule } from './checkCriteria.js';

/** What to list from the row-based board ({@link caseBoardRows}); every criterion given must hold. */
export interface CaseBoardQuery {
  /** Cases held by this unit or any unit under it (its subtree); the city's subtree is every case. */
  readonly unit?: string;
  /** The case kind (workflow id), e.g. `gridEvent`. */
  readonly kind?: string;
  readonly status?: PublicStatus;
  readonly stage?: string;
  /** `true`: only cases not closed; `false`: only closed ones. */
  readonly open?: boolean;
  /** Rows per page. */
  readonly limit: number;
  /** Oldest submission first (`asc`, the default, as `casesOnBoard` lists), or newest first. */
  readonly direction?: 'asc' | 'desc';
  /** The `next` of the page before. */
  readonly after?: RowCursor;
}

/** The column and value that select a unit's subtree: its level's column, or the holding unit itself (a department, a micro-grid, a unit the directory does not know). */
const subtreeFilter = (directory: JurisdictionDirectory, unit: string): Partial<CaseBoardRow> => {
  const level = directory.units.get(unit)?.level;
  if (level === 'city') return {};
  if (level !== undefined && level in SUBTREE_COLUMNS) return { [SUBTREE_COLUMNS[level as keyof typeof SUBTREE_COLUMNS]]: unit };
  return { unit };
};

/** The criteria of a board listing, without its paging. */
export type CaseBoardCriteria = Omit<CaseBoardQuery, 'limit' | 'direction' | 'after'>;

/** The criteria's rules: each may be left out (selecting every value), none given `undefined`. */
const CRITERIA: Readonly<Record<keyof CaseBoardCriteria, CriterionRule>> = {
  unit: textRule('a unit id', 'select every unit'),
  kind: textRule('a case kind, the workflow id', 'select every kind'),
  status: statusRule,
  stage: textRule('a stage', 'select every stage'),
  open: booleanRule('select open and closed cases'),
};

/** The rules of a listing: its criteria, then its paging. */
const LISTING: Readonly<Record<keyof CaseBoardQuery, CriterionRule>> = { ...CRITERIA, limit: limitRule(null), direction: directionRule, after: cursorRule };

const boardFilter = (directory: JurisdictionDirectory, query: CaseBoardCriteria): RowFilter<CaseBoardRow> => ({
  ...(query.unit === undefined ? {} : subtreeFilter(directory, query.unit)),
  ...(query.kind === undefined ? {} : { kind: query.kind }),
  ...(query.status === undefined ? {} : { status: query.status }),
  ...(query.stage === undefined ? {} : { stage: query.stage }),
  ...(query.open === undefined ? {} : { open: query.open ? 1 : 0 }),
});

/**
 * How many cases a board listing ({@link caseBoardQuery} with the same criteria) holds on all
 * its pages: a count with no groups, from the same indexes. Throws a `ReportInputError` for a
 * criterion as {@link caseBoardQuery} does.
 *
 * @example
 * const [{ count }] = await rowStore.count(caseBoardRows(directory), caseBoardTotalQuery(directory, { unit: 'guandu-guanshang', status: 'pending' }));
 */
export const caseBoardTotalQuery = (directory: JurisdictionDirectory, criteria: CaseBoardCriteria): RowCountQuery<CaseBoardRow> => {
  checkCriteria('caseBoardTotalQuery', criteria, CRITERIA);
  return { where: boardFilter(directory, criteria) };
};

/** The columns the board's counts are grouped by, in the order of a group's values. */
const COUNTED = ['kind', 'status', 'stage', 'unit', 'level', 'open'] as const;

/**
 * The count behind the board's counts (every kind's, or one kind's): the cases grouped by
 * kind, status, stage, holding unit, level and whether open. Its groups are a few per unit and
 * stage, whatever the number of cases; read them with {@link caseBoardCountsOf}. Throws a
 * `ReportInputError` for a `kind` given `undefined` or not text.
 *
 * @example
 * const counts = caseBoardCountsOf(await rowStore.count(caseBoardRows(directory), caseBoardCountQuery({ kind: 'petition' })));
 */
export const caseBoardCountQuery = (options: { readonly kind?: string } = {}): RowCountQuery<CaseBoardRow> => {
  checkCriteria('caseBoardCountQuery', options, { kind: CRITERIA.kind });
  return { where: options.kind === undefined ? {} : { kind: options.kind }, by: COUNTED };
};

/**
 * The board's counts from the groups of {@link caseBoardCountQuery}: equal to the document
 * board's running `counts` (every kind) and to `countsOnBoard(board, { kind })` (one kind).
 */
export const caseBoardCountsOf = (groups: readonly RowGroupCount[]): CaseBoardCounts => {
  const counts = { total: 0, open: 0, byStatus: {}, byStage: {}, byUnit: {}, byLevel: {}, byKind: {}, byKindStatus: {} as Record<string, Record<string, number>> };
  for (const { values, count } of groups) {
    const [kind, status, stage, unit, level, open] = values.map(String) as [string, string, string, string, string, string];
    counts.total += count;
    if (open === '1') counts.open += count;
    addCount(counts.byStatus, status, count);
    addCount(counts.byStage, stage, count);
    addCount(counts.byUnit, unit, count);
    addCount(counts.byLevel, level, count);
    addCount(counts.byKind, kind, count);
    addCount((counts.byKindStatus[kind] ??= {}), status, count);
  }
  return counts;
};

/** The board's counts over the rows given (e.g. those of the cases one principal may see), as {@link caseBoardCountsOf} counts them from a count's groups. */
export const caseBoardCountsOfRows = (rows: Iterable<CaseBoardRow>): CaseBoardCounts => caseBoardCountsOf(Array.from(rows, (row) => ({ values: COUNTED.map((column) => row[column]), count: 1 })));

/**
 * The row query for a board listing, sorted by submission time then case id (as `casesOnBoard`),
 * keyset-paged. Every combination of a unit, `open` and the sort has an index of its own; kind
 * with status, status alone and stage alone do too (other combinations filter one of those).
 *
 * Throws a `ReportInputError` naming the option for a criterion given `undefined` (leave it out
 * to select every value: `{ unit: request.unit }` with no unit is refused, not read as every
 * unit), `open` that is not a boolean (`"false"`), a status that is not a public status, a unit,
 * kind or stage that is not text, a limit that is not a whole number of 1 or more, a direction
 * other than `'asc'`/`'desc'`, an `after` that is not a list. A unit the directory does not know
 * is the holding unit itself (a department, a micro-grid).
 *
 * @example
 * const page = await runner.query(caseBoardQuery(directory, { unit: 'guandu-guanshang', open: true, limit: 20 }));
 * const more = page.next === null ? null : await runner.query(caseBoardQuery(directory, { unit: 'guandu-guanshang', open: true, limit: 20, after: page.next }));
 */
export const caseBoardQuery = (directory: JurisdictionDirectory, query: CaseBoardQuery): RowQuery<CaseBoardRow> => {
  checkCriteria('caseBoardQuery', query, LISTING);
  return {
    where: boardFilter(directory, query),
    orderBy: ['submittedMs', 'caseId'],
    limit: query.limit,
    ...(query.direction === undefined ? {} : { direction: query.direction }),
    ...(query.after === undefined ? {} : { after: query.after }),
  };
};
