import { shippedWorkflows } from '@casefold/core';
import { type BrokenLink, type EventStore, type ProjectionStore, caseEventCodec, caseIdOfStream, rebuildVerified } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { type ReviewTimesState, reviewTimesProjection } from './reviewTimesProjection.js';

/**
 * An auditor's rebuild of the review-times report: one pass over the whole store that
 * verifies every hash chain (each event's hash, its link to the event before it, the
 * revisions) and folds the analyst's projection as it goes (`rebuildVerified`). Only when
 * every chain verified are the figures committed to `projectionStore`, with their
 * checkpoint, for the projection runner to resume from; otherwise the first broken link
 * comes back, no figures, and the stored read model is left as it was.
 */
export const auditedReviewTimes = async (store: EventStore, projectionStore: ProjectionStore): Promise<E.Either<BrokenLink, ReviewTimesState>> => {
  // #region rebuild
  const rebuilt = await rebuildVerified({
    store,
    projectionStore,
    projection: reviewTimesProjection,
    decode: caseEventCodec({ workflows: shippedWorkflows }).decode,
    accepts: (recorded) => caseIdOfStream(recorded.streamId) !== null,
  });
  return E.map(({ state }: { readonly state: ReviewTimesState }) => state)(rebuilt); // no figures from a broken history
  // #endregion rebuild
};
