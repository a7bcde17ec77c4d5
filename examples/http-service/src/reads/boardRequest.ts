import { type CaseBoardCriteria, PUBLIC_STATUSES, type PublicStatus, type RowCursor } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import { decodeBoardCursor } from './boardCursor.js';

/** One board page asked for: the listing's criteria, the page size and where it starts. */
export interface BoardRequest {
  readonly criteria: CaseBoardCriteria;
  readonly limit: number;
  /** The page starts after this case (a previous page's `next`); the first page without it. */
  readonly after?: RowCursor;
}

/** Cases per page without `limit=`, and at most. */
export const BOARD_PAGE = { default: 50, max: 500 } as const;

const WHOLE = /^\d+$/;

/**
 * The board request of `/board`'s query parameters (`status`, `unit`, `kind`, `stage`, `limit`,
 * `cursor`), or what is wrong with them: a status that is not a public status, a limit that is not
 * 1 to {@link BOARD_PAGE}.max, a cursor that is not a page's `next`.
 */
export const boardRequestOf = (param: (name: string) => string | undefined): E.Either<string, BoardRequest> => {
  const [status, unit, kind, stage, limit, cursor] = ['status', 'unit', 'kind', 'stage', 'limit', 'cursor'].map(param);
  if (status !== undefined && !PUBLIC_STATUSES.includes(status as PublicStatus)) return E.left(`status must be one of ${PUBLIC_STATUSES.join(', ')}; got ${JSON.stringify(status.slice(0, 40))}`);
  const size = limit === undefined ? BOARD_PAGE.default : WHOLE.test(limit) ? Number(limit) : Number.NaN;
  if (!(size >= 1 && size <= BOARD_PAGE.max)) return E.left(`limit must be a whole number of cases per page from 1 to ${BOARD_PAGE.max}; got ${JSON.stringify(limit)}`);
  const after = cursor === undefined ? E.right(undefined) : decodeBoardCursor(cursor);
  if (E.isLeft(after)) return after;
  return E.right({
    criteria: {
      ...(status === undefined ? {} : { status: status as PublicStatus }),
      ...(unit === undefined ? {} : { unit }),
      ...(kind === undefined ? {} : { kind }),
      ...(stage === undefined ? {} : { stage }),
    },
    limit: size,
    ...(after.right === undefined ? {} : { after: after.right }),
  });
};
