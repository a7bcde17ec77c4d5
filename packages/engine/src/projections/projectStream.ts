import type { Projection } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import { aggregateStream } from '../eventStore/aggregateStream.js';
import type { EventDecodeError } from '../eventStore/errors.js';
import type { EventStore } from '../eventStore/eventStore.js';
import type { EventCodec } from '../serialization/eventCodec.js';
import { appliedSynchronously, draftOf, envelopeOf, finishDraftOf } from './applyEnvelopes.js';

/**
 * Folds a projection over one stream, as the projection runner would fold its events (one
 * immer draft for the whole read): e.g. a case's timeline. Returns the
 * {@link EventDecodeError} of the first event that does not decode.
 *
 * @example
 * const timeline = await projectStream(store, caseStreamId('PL-1'), caseTimelineProjection, caseEventCodec());
 */
export const projectStream = async <S, Ev>(store: Pick<EventStore, 'readStream'>, streamId: string, projection: Projection<S, Ev>, codec: EventCodec<Ev>): Promise<E.Either<EventDecodeError, S>> => {
  const draft = draftOf(projection.initialState);
  const folded = await aggregateStream(store, streamId, {
    codec,
    initialState: draft,
    evolve: (state, event, recorded) => {
      appliedSynchronously(projection.name, projection.apply(state, envelopeOf(recorded, event)));
      return state;
    },
  });
  return E.isLeft(folded) ? folded : E.right(finishDraftOf(folded.right.state));
};
