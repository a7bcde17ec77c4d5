import { type CaseBoardCriteria, type JurisdictionDirectory, type RowCursor, boardEntryOf, caseBoardQuery } from '@casefold/core';
import type { BoardPage, BoardQuery } from '@casefold/dashboard';
import { MAX_ROW_PAGE } from '@casefold/engine';
import type { DashboardRows } from './dashboardRows.js';

/** Filters whose totals and page cursors are kept at one position (the most recent). */
const FILTERS_KEPT = 16;

/** What is known of one filter's listing at one position: its total, and where each page visited starts. */
interface Listing {
  total: number | null;
  /** Page number → the cursor it starts after (`null`: the first page). */
  readonly starts: Map<number, RowCursor | null>;
}

/**
 * The board's listing at one position, from the board rows: a filter's page by keyset from the
 * nearest page whose start is known (the first, or one visited before: paging on reads one page),
 * and its total from `totalOf` (what a count over the same index would give), both kept per
 * filter while the position stays.
 */
export const boardListingOf = (rows: DashboardRows, directory: JurisdictionDirectory, totalOf: (criteria: CaseBoardCriteria) => number): ((query: BoardQuery) => Promise<BoardPage>) => {
  const listings = new Map<string, Listing>();
  return async (query) => {
    const criteria: CaseBoardCriteria = {
      ...(query.unit === undefined ? {} : { unit: query.unit }),
      ...(query.kind === undefined ? {} : { kind: query.kind }),
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(query.stage === undefined ? {} : { stage: query.stage }),
    };
    const key = JSON.stringify([criteria.unit, criteria.kind, criteria.status, criteria.stage]);
    let listing = listings.get(key);
    if (listing === undefined) {
      if (listings.size >= FILTERS_KEPT) listings.delete(listings.keys().next().value!);
      listings.set(key, (listing = { total: null, starts: new Map([[1, null]]) }));
    }
    listing.total ??= totalOf(criteria);
    // Skip from the nearest known start before the page, a full row page at a time.
    let page = Math.max(...[...listing.starts.keys()].filter((known) => known <= query.page));
    let after = listing.starts.get(page) ?? null;
    while (page < query.page) {
      const pages = Math.min(query.page - page, Math.max(1, Math.floor(MAX_ROW_PAGE / query.pageSize)));
      const skipped = await rows.board.query(caseBoardQuery(directory, { ...criteria, limit: pages * query.pageSize, ...(after === null ? {} : { after }) }));
      if (skipped.next === null) return { cases: [], total: listing.total };
      page += pages;
      after = skipped.next;
      listing.starts.set(page, after);
    }
    const found = await rows.board.query(caseBoardQuery(directory, { ...criteria, limit: query.pageSize, ...(after === null ? {} : { after }) }));
    if (found.next !== null) listing.starts.set(query.page + 1, found.next);
    return { cases: found.rows.map(boardEntryOf), total: listing.total };
  };
};
