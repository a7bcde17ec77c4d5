import { type AnyCaseEvent, type CaseBoardRow, type CaseBoardState, type Envelope, type RowProjection, type Rows, caseBoardProjection } from '@casefold/core';
import type { Json, RowProjectionStore, ProjectionStore } from '@casefold/engine';
import type { SqliteEventStore } from '@casefold/sqlite';
import { boardCaseWithDecoded, boardStreamId } from './boardWorkload.js';

/** The generated history of `cases` cases, folded: the board as rows and as the document, and the position of its last event. */
export interface BoardHistory {
  readonly cases: number;
  readonly lastPosition: bigint;
  readonly rows: readonly CaseBoardRow[];
  readonly document: CaseBoardState;
}

/** Cases generated, appended and folded at a time. */
const CHUNK = 2_000;

/** Applies one envelope to rows kept in a map, as the row runner applies it to the rows it loaded. */
export const applyToMap = (projection: RowProjection<CaseBoardRow, AnyCaseEvent>, table: Map<string, CaseBoardRow>, envelope: Envelope<AnyCaseEvent>): void => {
  const rows: Rows<CaseBoardRow> = {
    get: (key) => table.get(key),
    put: (row) => void table.set(row.streamId, row),
    remove: (key) => void table.delete(key),
  };
  projection.apply(rows, envelope);
};

/**
 * Generates the history of `cases` cases (boardWorkload.ts) and folds it into the board rows and
 * the document board; with `store`, also appends it there (one append per case, a chunk of cases
 * in flight at once: the SQLite store's group commit writes each chunk in a few transactions).
 * Envelope positions are counted as the store assigns them to a fresh store (checked at the end).
 */
export const buildBoardHistory = async (projection: RowProjection<CaseBoardRow, AnyCaseEvent>, cases: number, store?: SqliteEventStore): Promise<BoardHistory> => {
  const table = new Map<string, CaseBoardRow>();
  // Folded in place into a private copy of the initial state, as rebuildVerified's 'inPlace' fold does (immer drafts would triple the setup time).
  const document = structuredClone(caseBoardProjection.initialState) as Parameters<typeof caseBoardProjection.apply>[0];
  let position = 0n;
  for (let first = 0; first < cases; first += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, cases - first) }, (_, j) => ({ i: first + j, ...boardCaseWithDecoded(first + j) }));
    if (store !== undefined) await Promise.all(chunk.map(({ i, events }) => store.appendToStream(boardStreamId(i), events, { expectedRevision: 'no_stream' })));
    const envelopes = chunk.flatMap(({ i, events, decoded }) =>
      decoded.map((event, k): Envelope<AnyCaseEvent> => {
        position += 1n;
        return { streamId: boardStreamId(i), revision: BigInt(k), position, eventId: events[k]!.eventId, recordedAt: events[k]!.metadata.recordedAt, event };
      }),
    );
    for (const envelope of envelopes) {
      applyToMap(projection, table, envelope);
      caseBoardProjection.apply(document, envelope);
    }
  }
  if (store !== undefined && (await store.readLastPosition()) !== position) throw new Error(`board history: the store's last position is ${await store.readLastPosition()}, expected ${position}`);
  return { cases, lastPosition: position, rows: [...table.values()], document: document as CaseBoardState };
};

/** Rows per commit when a store is loaded with a history's rows. */
const LOAD_CHUNK = 10_000;

/** Stores a history's board rows (checkpoint: its last position) and its document board, as if the runners had folded it. */
export const storeBoardHistory = async (
  history: BoardHistory,
  projection: RowProjection<CaseBoardRow, AnyCaseEvent>,
  rowStore: RowProjectionStore,
  projectionStore: ProjectionStore,
): Promise<void> => {
  await rowStore.reset(projection, projection.version, (await rowStore.load(projection.name))?.position ?? null);
  let expected = 0n;
  for (let from = 0; from < history.rows.length; from += LOAD_CHUNK) {
    const position = from + LOAD_CHUNK >= history.rows.length ? history.lastPosition : BigInt(from + 1);
    await rowStore.commit(projection, { version: projection.version, position, put: history.rows.slice(from, from + LOAD_CHUNK), removed: [] }, expected);
    expected = position;
  }
  const stored = await projectionStore.load(caseBoardProjection.name);
  await projectionStore.commit(
    { name: caseBoardProjection.name, version: caseBoardProjection.version, position: history.lastPosition, state: history.document as unknown as Json },
    stored?.position ?? null,
  );
};
