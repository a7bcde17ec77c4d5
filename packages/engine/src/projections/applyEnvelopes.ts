import type { Envelope, Projection } from '@casefold/core';
import { Immer, type Draft, type Objectish } from 'immer';
import type { RecordedEvent } from '../eventStore/eventStore.js';

/**
 * The immer instance of projections. Auto-freeze is off: freezing every new subtree of a
 * read model after each batch costs more than the fold itself on large states, and states
 * never leave the engine except as read-only values. Treat states as immutable; the
 * engine never mutates a state it has handed out (immer copies on write).
 */
export const projectionImmer = new Immer({ autoFreeze: false });

/** Starts a draft of a projection state (which must be an object or array, as immer drafts are). */
export const draftOf = <S>(state: S): Draft<S> => projectionImmer.createDraft(state as S & Objectish) as Draft<S>;

/** Ends a draft from {@link draftOf}: the new state, sharing every unchanged part with the old one. */
export const finishDraftOf = <S>(draft: Draft<S>): S => projectionImmer.finishDraft(draft) as S;

/** The envelope a projection sees for a recorded event and its decoded domain event. */
export const envelopeOf = <E>(recorded: RecordedEvent, event: E): Envelope<E> => ({
  streamId: recorded.streamId,
  revision: recorded.revision,
  position: recorded.position,
  eventId: recorded.eventId,
  recordedAt: recorded.metadata.recordedAt,
  event,
});

/**
 * Checks what one `apply` returned (`apply(…)` is the argument): nothing. A promise (an `async`
 * apply, which TypeScript accepts where a function returning `void` is expected) is refused: it
 * would change its draft or rows after the engine had taken them, and those changes would be lost
 * (or fail later, outside the runner).
 *
 * @throws TypeError naming the projection, when `apply` returned a promise (its outcome is ignored).
 */
export const appliedSynchronously = (projection: string, returned: unknown): void => {
  if (returned === undefined || returned === null || typeof (returned as { readonly then?: unknown }).then !== 'function') return;
  Promise.resolve(returned).catch(() => {}); // its failure, if any, is not this one's to report
  throw new TypeError(
    `Projection '${projection}': apply returned a promise. apply must be synchronous: it changes only the draft (or rows) it is given, ` +
      'with no I/O and nothing awaited; what it needs comes with the event.',
  );
};

/**
 * Folds envelopes into a projection state, exactly as the projection runner does (one
 * immer draft for the whole batch). Pure: `state` is not changed.
 *
 * @example
 * const board = applyEnvelopes(caseBoard, caseBoard.initialState, envelopes);
 */
export const applyEnvelopes = <S, E>(projection: Projection<S, E>, state: S, envelopes: Iterable<Envelope<E>>): S => {
  const draft = draftOf(state);
  for (const envelope of envelopes) appliedSynchronously(projection.name, projection.apply(draft, envelope));
  return finishDraftOf(draft);
};
