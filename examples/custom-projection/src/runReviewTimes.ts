// #region run
import { type OpenedStore } from '@casefold/cli';
import { shippedWorkflows } from '@casefold/core';
import { caseEventCodec, caseIdOfStream, startProjection } from '@casefold/engine';
import { type ReviewTimesState, reviewTimesProjection } from './reviewTimesProjection.js';

/** What {@link runReviewTimes} did. */
export interface RunReviewTimesResult {
  readonly state: ReviewTimesState;
  /** The checkpoint the runner resumed from (0 the first time). */
  readonly resumedFrom: bigint;
  readonly position: bigint;
}

/**
 * Brings the analyst's projection up to date over an open casefold store with the engine's
 * projection runner: it resumes from its stored checkpoint, folds the case events appended
 * since, commits state and checkpoint together in the store's projection table, and stops.
 */
export const runReviewTimes = async (opened: OpenedStore): Promise<RunReviewTimesResult> => {
  const codec = caseEventCodec({ workflows: shippedWorkflows }); // every shipped kind's events
  const runner = await startProjection({
    store: opened.events,
    projectionStore: opened.projections,
    projection: reviewTimesProjection,
    decode: codec.decode, // a typed error on a bad event: never skipped
    accepts: (recorded) => caseIdOfStream(recorded.streamId) !== null, // case streams only
  });
  try {
    const resumedFrom = runner.position();
    const last = await opened.lastPosition();
    if (last > resumedFrom) await runner.waitFor(last, { timeoutMs: 60_000 });
    return { state: runner.state(), resumedFrom, position: runner.position() };
  } finally {
    await runner.stop();
  }
};
// #endregion run
