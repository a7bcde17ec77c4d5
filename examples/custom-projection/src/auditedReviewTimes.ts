import { type BrokenLink, type EventStore, caseEventCodec, caseIdOfStream, draftOf, envelopeOf, finishDraftOf, replayVerified } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { type ReviewTimesState, reviewTimesProjection } from './reviewTimesProjection.js';

/**
 * An auditor's rebuild of the review-times report: one pass over the whole store that
 * verifies every hash chain (`replayVerified`: each event's hash, its link to the event
 * before it, the revisions) and folds the analyst's projection as it goes. The report comes
 * back only when every chain verified; otherwise the first broken link, and no figures.
 */
export const auditedReviewTimes = async (store: EventStore): Promise<E.Either<BrokenLink, ReviewTimesState>> => {
  const codec = caseEventCodec();
  const draft = draftOf(reviewTimesProjection.initialState);
  const verified = await replayVerified(store, (recorded) => {
    if (caseIdOfStream(recorded.streamId) === null) return;
    const decoded = codec.decode(recorded);
    if (E.isLeft(decoded)) throw decoded.left;
    reviewTimesProjection.apply(draft, envelopeOf(recorded, decoded.right));
  });
  const state = finishDraftOf(draft);
  return E.map(() => state)(verified);
};
