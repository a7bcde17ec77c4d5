import type { Envelope } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Draft } from 'immer';
import { type BrokenLink, type VerifyOptions, replayVerified } from '../audit/verify.js';
import { appliedSynchronously, draftOf, envelopeOf, finishDraftOf } from './applyEnvelopes.js';
import { checkRunOptions } from './projectionLoop.js';
import { ProjectionApplyError } from './projectionRunnerErrors.js';
import type { StartProjectionOptions } from './startProjection.js';
import { stateEncoder } from './stateEncoder.js';

/**
 * Options of {@link rebuildVerified}: those of `startProjection` (a decode failure rejects
 * the rebuild, nothing committed; `batchSize`: events folded per immer draft, default
 * 50,000), those of `verifyAll`, and `fold`.
 */
export type RebuildVerifiedOptions<S, Ev> = Pick<StartProjectionOptions<S, Ev>, 'store' | 'projectionStore' | 'projection' | 'decode' | 'accepts' | 'batchSize' | 'stateCodec'> &
  VerifyOptions & {
    /**
     * How the events are folded. `'draft'` (default): through immer drafts of `batchSize`
     * events each, as the projection runner folds. `'inPlace'`: into a private deep copy
     * (`structuredClone`) of the projection's initial state, mutated directly, with no draft:
     * several times faster on a large history, since no state is seen before the end (the
     * initial state itself is never touched). For projections whose `apply` only changes the
     * draft it is given, as the `Projection` contract asks (no immer helpers such as
     * `original` or `current`); `batchSize` is then not used.
     */
    readonly fold?: 'draft' | 'inPlace';
  };

/** What {@link rebuildVerified} committed. */
export interface RebuildVerifiedResult<S> {
  readonly state: S;
  /** The checkpoint committed with it: the position of the last event of the store read (`0n` for an empty store). */
  readonly position: bigint;
  /** Events verified (all of them, folded or not) and streams. */
  readonly events: number;
  readonly streams: number;
}

/**
 * Rebuilds a projection's read model from scratch in one pass over a history that verifies:
 * {@link replayVerified} checks every event's hash, its link to the event before it and the
 * revisions while the projection folds it. Only when every chain verified are the new state
 * and its checkpoint committed, in one `projectionStore.commit` conditional on the record
 * loaded at the start; on a broken link the result is that link and the stored read model is
 * left exactly as it was (the fold over an untrustworthy history is discarded).
 *
 * Unlike `startProjection(…).rebuild()`, nothing is written until the whole history has been
 * read, so readers keep the old read model meanwhile. Rejects with the decode error of an
 * event that does not decode, with a ProjectionApplyError naming the event (stream, revision,
 * position, type) on which `accepts` or `apply` threw or `apply` returned a promise, as
 * `startProjection`'s runner fails (its `committed` is the checkpoint of the stored read model,
 * which stays as it was; the thrown error is its `cause`), with a ProjectionStateError for a
 * state that is not JSON (and no `stateCodec`), or with a ProjectionConflictError when another
 * runner committed the projection during the rebuild; nothing is written then either.
 *
 * @example
 * const rebuilt = await rebuildVerified({ store, projectionStore, projection: caseBoardProjection, decode: caseEventCodec().decode });
 * if (E.isLeft(rebuilt)) console.error(`not rebuilt: ${rebuilt.left.message}`);
 */
export const rebuildVerified = async <S, Ev>(options: RebuildVerifiedOptions<S, Ev>): Promise<E.Either<BrokenLink, RebuildVerifiedResult<S>>> => {
  const { store, projectionStore, projection, decode, accepts } = options;
  const batchSize = options.batchSize ?? 50_000;
  checkRunOptions('rebuildVerified', projection, batchSize);
  const fold = options.fold ?? 'draft';
  if (fold !== 'draft' && fold !== 'inPlace') throw new RangeError(`rebuildVerified: fold must be 'draft' or 'inPlace', got ${String(fold)}`);
  const loaded = await projectionStore.load(projection.name);
  const committed = loaded?.position ?? 0n;
  // Draft: one immer draft per `batchSize` events, finished and started again. In place: one
  // private copy of the initial state is the draft of the whole history.
  let state = projection.initialState;
  const inPlace = fold === 'inPlace' ? (structuredClone(projection.initialState) as Draft<S>) : null;
  let draft = inPlace ?? draftOf(state);
  let pending = 0;
  let position = 0n;
  const verified = await replayVerified(
    store,
    (recorded) => {
      position = recorded.position;
      let accepted: boolean;
      try {
        accepted = accepts === undefined || accepts(recorded);
      } catch (cause) {
        throw new ProjectionApplyError(projection.name, recorded, committed, { cause, rebuilding: true });
      }
      if (!accepted) return;
      const decoded = decode(recorded);
      if (E.isLeft(decoded)) throw decoded.left;
      try {
        appliedSynchronously(projection.name, projection.apply(draft, envelopeOf(recorded, decoded.right)));
      } catch (cause) {
        throw new ProjectionApplyError(projection.name, recorded, committed, { cause, rebuilding: true });
      }
      if (inPlace === null && ++pending >= batchSize) {
        state = finishDraftOf(draft);
        draft = draftOf(state);
        pending = 0;
      }
    },
    options,
  );
  if (E.isLeft(verified)) return verified;
  state = inPlace !== null ? (inPlace as S) : finishDraftOf(draft);
  await projectionStore.commit({ name: projection.name, version: projection.version, position, state: stateEncoder(projection.name, options.stateCodec)(state) }, loaded?.position ?? null);
  return E.right({ state, position, events: verified.right.events, streams: verified.right.streams });
};
