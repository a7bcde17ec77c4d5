import type { JurisdictionDirectory } from '../../jurisdictions/directory.js';
import type { PublicStatus } from '../../status/publicStatus.js';
import type { RowCursor, RowQuery } from '../rows/rowProjection.js';
import { type CaseBoardRow, SUBTREE_COLUMNS } from './caseBoardRows.js';

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

/**
 * The row query for a board listing, sorted by submission time then case id (as `casesOnBoard`),
 * keyset-paged. Every combination of a unit, `open` and the sort has an index of its own; kind
 * with status, status alone and stage alone do too (other combinations filter one of those).
 *
 * @example
 * const page = await runner.query(caseBoardQuery(directory, { unit: 'guandu-guanshang', open: true, limit: 20 }));
 * const more = page.next === null ? null : await runner.query(caseBoardQuery(directory, { unit: 'guandu-guanshang', open: true, limit: 20, after: page.next }));
 */
export const caseBoardQuery = (directory: JurisdictionDirectory, query: CaseBoardQuery): RowQuery<CaseBoardRow> => ({
  where: {
    ...(query.unit === undefined ? {} : subtreeFilter(directory, query.unit)),
    ...(query.kind === undefined ? {} : { kind: query.kind }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.stage === undefined ? {} : { stage: query.stage }),
    ...(query.open === undefined ? {} : { open: query.open ? 1 : 0 }),
  },
  orderBy: ['submittedMs', 'caseId'],
  limit: query.limit,
  ...(query.direction === undefined ? {} : { direction: query.direction }),
  ...(query.after === undefined ? {} : { after: query.after }),
});
