/**
 * A store for the dashboard benchmark: the read-model benchmarks' generated history
 * (readModels/boardWorkload.ts: cases submitted at one of 80 sub-districts, routed to a community,
 * every third closed) appended to a new SQLite file with its directory, and the five row tables the
 * dashboard reads (board, timelines, escalation paths, statistics, deadlines) loaded as their
 * runners would have folded them, checkpoints at the last event. The rows are folded here, a chunk
 * of cases at a time, and committed through the row store: folding 2 million events through five
 * runners would take most of an hour on this machine (docs/benchmarks.md, "A city at ten million
 * events"), and what is measured is the pages, not the build.
 */
import { type AnyCaseEvent, type Envelope, type JurisdictionDirectory, type Row, type RowProjection } from '@casefold/core';
import { DIRECTORY_SETTING, dashboardRowProjections } from '@casefold/cli';
import type { Json, NewEvent, RowProjectionStore } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { boardCaseWithDecoded, boardStreamId } from '../readModels/boardWorkload.js';
import { applyToRows, changesOf } from '../readModels/rowChanges.js';

/** Cases generated, appended, folded and committed at a time. */
const CHUNK = 2_000;

/** One row projection's rows being folded: those a later chunk may still touch are kept between chunks. */
interface Folding {
  readonly projection: RowProjection<Row, AnyCaseEvent>;
  readonly rows: Map<string, Row>;
  /** The stream that touched each kept row, or `null` once several did (rows shared by cases: kept to the end). */
  readonly touchedBy: Map<string, string | null>;
  /** Keys changed in the chunk. */
  readonly changed: Set<string>;
}

const foldingOf = (projection: RowProjection<Row, AnyCaseEvent>): Folding => ({ projection, rows: new Map(), touchedBy: new Map(), changed: new Set() });

/** Applies one envelope to the rows kept in memory, as the row runner applies it to the rows it loaded. */
const apply = (folding: Folding, envelope: Envelope<AnyCaseEvent>): void => {
  const { projection, rows, touchedBy, changed } = folding;
  for (const key of projection.keysOf(envelope)) {
    const by = touchedBy.get(key);
    touchedBy.set(key, by === undefined || by === envelope.streamId ? envelope.streamId : null);
  }
  applyToRows(projection, rows, changed, envelope);
};

/** Commits the chunk's changed rows at `position`, then forgets the rows of the chunk's cases alone (their cases have no more events). */
const commitChunk = async (folding: Folding, rowStore: RowProjectionStore, position: bigint, expected: bigint): Promise<void> => {
  const { projection, rows, touchedBy, changed } = folding;
  const { put, removed } = changesOf(rows, changed);
  await rowStore.commit(projection, { version: projection.version, position, put, removed }, expected);
  changed.clear();
  for (const [key, by] of touchedBy) {
    if (by === null) continue;
    rows.delete(key);
    touchedBy.delete(key);
  }
};

/** Appends one generated case's events, as `writeDashboardStore` does; absent, only the rows are written. */
export type AppendCase = (streamId: string, events: readonly NewEvent[]) => Promise<unknown>;

/**
 * Folds the history of `cases` cases into the dashboard's five row tables of `rowStore`, committing
 * each chunk with the checkpoints at its last event, and returns the position of the last event.
 * With `appendCase`, each chunk's cases are appended first (the events at the positions the rows
 * name); without it the row tables are written alone, as a store would hold them beside the events.
 */
export const writeDashboardRows = async (rowStore: RowProjectionStore, cases: number, directory: JurisdictionDirectory, appendCase?: AppendCase): Promise<bigint> => {
  const foldings = Object.values(dashboardRowProjections(directory)).map((projection) => foldingOf(projection as unknown as RowProjection<Row, AnyCaseEvent>));
  for (const { projection } of foldings) await rowStore.reset(projection, projection.version, (await rowStore.load(projection.name))?.position ?? null);
  let position = 0n;
  let committed = 0n;
  for (let first = 0; first < cases; first += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, cases - first) }, (_, j) => ({ i: first + j, ...boardCaseWithDecoded(first + j) }));
    if (appendCase !== undefined) await Promise.all(chunk.map(({ i, events }) => appendCase(boardStreamId(i), events)));
    for (const { i, events, decoded } of chunk) {
      decoded.forEach((event, k) => {
        position += 1n;
        const envelope: Envelope<AnyCaseEvent> = { streamId: boardStreamId(i), revision: BigInt(k), position, eventId: events[k]!.eventId, recordedAt: events[k]!.metadata.recordedAt, event };
        for (const folding of foldings) apply(folding, envelope);
      });
    }
    for (const folding of foldings) await commitChunk(folding, rowStore, position, committed);
    committed = position;
  }
  return position;
};

/**
 * Writes the history of `cases` cases to a new SQLite file (events, the directory setting, the
 * dashboard's five row tables with their checkpoints) and returns the position of its last event.
 */
export const writeDashboardStore = async (fileName: string, cases: number, directory: JurisdictionDirectory): Promise<bigint> => {
  const store = await openSqliteStore({ fileName, synchronous: 'OFF' });
  try {
    await store.settings.write(DIRECTORY_SETTING, [...directory.units.values()] as unknown as Json);
    const position = await writeDashboardRows(store.rowProjections, cases, directory, (streamId, events) => store.events.appendToStream(streamId, events, { expectedRevision: 'no_stream' }));
    const last = await store.readLastPosition();
    if (last !== position) throw new Error(`dashboard store: the store's last position is ${last}, expected ${position}`);
    return position;
  } finally {
    await store.close();
  }
};
