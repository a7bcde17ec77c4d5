import type { RowCursor } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * A board page's `next` as the client sees it: the row cursor (the last case's submission time,
 * case id and stream id) as base64url JSON. Opaque to clients: they hand it back as `cursor=`.
 * It names only a case on the page the caller was given, never one they may not see.
 */
export const encodeBoardCursor = (cursor: RowCursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The row cursor of a `cursor=` parameter, or why it is not the `next` of a board page. */
export const decodeBoardCursor = (text: string): E.Either<string, RowCursor> => {
  const refused = E.left(`cursor must be the "next" of a page of /board, handed back unchanged; got ${JSON.stringify(text.slice(0, 40))}`);
  if (!BASE64URL.test(text)) return refused;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return refused;
  }
  const isCursor = Array.isArray(value) && value.length === 3 && Number.isSafeInteger(value[0]) && typeof value[1] === 'string' && typeof value[2] === 'string';
  return isCursor ? E.right(value as RowCursor) : refused;
};
