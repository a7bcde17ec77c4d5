import {
  type CaseBoardCounts,
  type CaseBoardEntry,
  type CaseBoardRow,
  type CaseSight,
  type JurisdictionDirectory,
  type RowCursor,
  type RowFilter,
  boardEntryOf,
  caseBoardCountQuery,
  caseBoardCountsOf,
  caseBoardCountsOfRows,
  caseBoardQuery,
  caseBoardTable,
  caseBoardTotalQuery,
} from '@casefold/core';
import type { ReadModels } from '../readModels.js';
import { encodeBoardCursor } from './boardCursor.js';
import type { BoardRequest } from './boardRequest.js';
import { casesSeen } from './casesSeen.js';

/** What `/board` answers: the board's counts and the listing's total over the caller's cases, one page of the listing, and where the next starts. */
export interface BoardAnswer {
  /** Every case the caller sees, counted by status, stage, unit, level and kind (whatever the criteria). */
  readonly counts: CaseBoardCounts;
  /** How many cases the caller sees on all pages of the listing. */
  readonly total: number;
  /** This page: oldest submission first, then by case id. */
  readonly cases: readonly CaseBoardEntry[];
  /** Hand it back as `cursor=` for the next page; `null` after the last. A full page may be followed by an empty one. */
  readonly next: string | null;
}

/** Keys read per `get` of the rows of the cases a restricted caller sees. */
const KEYS_PER_READ = 1000;

/** The cursor of a board row: the listing's sort values, then its key (as the row store makes a page's `next`). */
const cursorOf = (row: CaseBoardRow): RowCursor => [row.submittedMs, row.caseId, row[caseBoardTable.key]];

/** Code-point order, as the row stores sort text. */
const byCodePoint = (a: string, b: string): number => {
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
};

/** The listing's order: `(submittedMs, caseId, key)` ascending, as `caseBoardQuery` sorts and its cursors compare. */
const compareCursors = (a: RowCursor, b: RowCursor): number => (a[0] as number) - (b[0] as number) || byCodePoint(a[1] as string, b[1] as string) || byCodePoint(a[2] as string, b[2] as string);

const matches = (row: CaseBoardRow, where: RowFilter<CaseBoardRow> = {}): boolean => Object.entries(where).every(([column, value]) => row[column as keyof CaseBoardRow] === value);

/**
 * The caller's board (`sight`: what their policy lets them see), from the board rows.
 *
 * A caller who sees every case — every case of the scopes is seen, and the board holds as many
 * rows (the runners fold the same events in order, so equal counts mean the same cases) — is
 * answered from the indexes: the page from `caseBoardQuery`, the total from `caseBoardTotalQuery`,
 * the counts from `caseBoardCountQuery` and `caseBoardCountsOf`. Anyone else is answered from the
 * rows of the cases they see, read by key: the counts with `caseBoardCountsOfRows`, the total and
 * the page from those matching the criteria (`caseBoardTotalQuery`'s filter), in the listing's
 * order. A page is then always full while cases remain, and its `next` names a case the caller
 * sees; work proportional to the cases they see (and the policy judged for every case in memory,
 * a policy not being a column).
 */
export const readBoard = async (readModels: ReadModels, directory: JurisdictionDirectory, sight: CaseSight, request: BoardRequest): Promise<BoardAnswer> => {
  const { board } = readModels;
  const { criteria, limit, after } = request;
  const seen = casesSeen(readModels.caseScopes(), sight);
  const [all] = await board.count(caseBoardTotalQuery(directory, {}));
  if (seen.streamIds.length === seen.of && all?.count === seen.of) {
    const [page, [listed], groups] = await Promise.all([
      board.query(caseBoardQuery(directory, { ...criteria, limit, ...(after === undefined ? {} : { after }) })),
      board.count(caseBoardTotalQuery(directory, criteria)),
      board.count(caseBoardCountQuery()),
    ]);
    return { counts: caseBoardCountsOf(groups), total: listed?.count ?? 0, cases: page.rows.map(boardEntryOf), next: page.next === null ? null : encodeBoardCursor(page.next) };
  }
  const rows: CaseBoardRow[] = [];
  for (let i = 0; i < seen.streamIds.length; i += KEYS_PER_READ) rows.push(...(await board.get(seen.streamIds.slice(i, i + KEYS_PER_READ))).values());
  const { where } = caseBoardTotalQuery(directory, criteria);
  const listed = rows.filter((row) => matches(row, where)).sort((a, b) => compareCursors(cursorOf(a), cursorOf(b)));
  const start = after === undefined ? 0 : listed.findIndex((row) => compareCursors(cursorOf(row), after) > 0);
  const page = start === -1 ? [] : listed.slice(start, start + limit);
  const last = page.length === limit ? page.at(-1) : undefined;
  return { counts: caseBoardCountsOfRows(rows), total: listed.length, cases: page.map(boardEntryOf), next: last === undefined ? null : encodeBoardCursor(cursorOf(last)) };
};
