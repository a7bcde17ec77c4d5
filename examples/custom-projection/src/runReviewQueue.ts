import { type RowCursor, type RowGroupCount, type RowPage, shippedWorkflows } from '@casefold/core';
import { type EventStore, type RowProjectionStore, caseEventCodec, caseIdOfStream, startRowProjection } from '@casefold/engine';
import { type ReviewQueueRow, reviewQueueRows, waitingForReview } from './reviewQueueRows.js';

/** What {@link runReviewQueue} read. */
export interface RunReviewQueueResult {
  /** The page asked for. */
  readonly page: RowPage<ReviewQueueRow>;
  /** How many cases wait, per channel (`values: [channel]`). */
  readonly perChannel: readonly RowGroupCount[];
  /** The checkpoint the runner resumed from (0 the first time). */
  readonly resumedFrom: bigint;
}

/**
 * Brings the review queue up to date over a store with the engine's row runner (it resumes
 * from its checkpoint and writes only the rows the new events changed, with the checkpoint, in
 * one transaction), reads one page of it and the count per channel, and stops.
 */
export const runReviewQueue = async (
  store: { readonly events: EventStore; readonly rowProjections: RowProjectionStore }, // openSqliteStore(…) or openPostgresStore(…)
  options: { readonly channel?: string; readonly limit: number; readonly after?: RowCursor },
): Promise<RunReviewQueueResult> => {
  // #region run
  const runner = await startRowProjection({
    store: store.events,
    rowStore: store.rowProjections, // rows and checkpoint in the store's own database
    projection: reviewQueueRows,
    decode: caseEventCodec({ workflows: shippedWorkflows }).decode, // every shipped kind's events
    accepts: (recorded) => caseIdOfStream(recorded.streamId) !== null, // case streams only
  });
  try {
    const resumedFrom = runner.position();
    await runner.waitFor(await store.events.readLastPosition(), { timeoutMs: 60_000 }); // caught up with the store
    const page = await runner.query(waitingForReview(options)); // from the byChannel (or bySubmitted) index
    const perChannel = await runner.count({ by: ['channel'] });
    return { page, perChannel, resumedFrom };
  } finally {
    await runner.stop();
  }
  // #endregion run
};
