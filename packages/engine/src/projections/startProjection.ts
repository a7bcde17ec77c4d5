import type { Projection } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Draft } from 'immer';
import type { EventStore, Json, RecordedEvent } from '../eventStore/eventStore.js';
import type { EventDecodeError } from '../eventStore/errors.js';
import { appliedSynchronously, draftOf, envelopeOf, finishDraftOf } from './applyEnvelopes.js';
import { type ProjectionControls, type ProjectionFolder, checkRunOptions, runProjectionLoop } from './projectionLoop.js';
import type { ProjectionStore } from './projectionStore.js';
import type { StateCodec } from './stateCodec.js';
import { stateEncoder } from './stateEncoder.js';

export type { StateCodec } from './stateCodec.js';
export type { ProjectionControls, ProjectionStatus } from './projectionLoop.js';

/** Options of {@link startProjection}. */
export interface StartProjectionOptions<S, E> {
  readonly store: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly projection: Projection<S, E>;
  /** Decodes a recorded event (e.g. an {@link EventCodec}'s `decode`). A decode failure stops the runner: nothing is skipped silently. */
  readonly decode: (recorded: RecordedEvent) => E.Either<EventDecodeError, E>;
  /** Which recorded events the projection folds (e.g. by stream prefix); others only advance the checkpoint. Defaults to all. */
  readonly accepts?: (recorded: RecordedEvent) => boolean;
  /** Events per commit at most. Defaults to 500. Once caught up, a smaller batch also commits when no further event is immediately available. */
  readonly batchSize?: number;
  /** How the state is stored. Defaults to storing it as is, which requires a JSON-compatible state. */
  readonly stateCodec?: StateCodec<S>;
}

/** A running projection: its committed state, checkpoint and controls. */
export interface ProjectionRunner<S> extends ProjectionControls {
  /** The last committed state. Read-only: do not mutate it. */
  readonly state: () => S;
}

/**
 * Starts a projection runner: loads the stored checkpoint (a stored version other than the
 * definition's is discarded and rebuilt from scratch), catches up from it and follows live
 * appends through `subscribeToAll`. State and checkpoint are committed together in one
 * `projectionStore.commit` per batch, so after a crash the runner resumes exactly after
 * the last committed event. While catching up (up to the store's last position when the
 * subscription began) it commits full batches and that last event only; from then on also
 * whenever no further event is immediately available. Resolves once the checkpoint is
 * loaded; folding continues in the background.
 *
 * @example
 * const runner = await startProjection({ store, projectionStore, projection: caseBoardProjection, decode: codec.decode });
 * await runner.waitFor(result.lastPosition);
 * console.log(runner.state());
 */
export const startProjection = async <S, E>(options: StartProjectionOptions<S, E>): Promise<ProjectionRunner<S>> => {
  const { store, projectionStore, projection, decode, accepts } = options;
  const batchSize = options.batchSize ?? 500;
  checkRunOptions('startProjection', projection, batchSize);
  const encodeState = stateEncoder(projection.name, options.stateCodec);
  const decodeState = options.stateCodec?.decode ?? ((json: Json) => json as S);

  let state = projection.initialState;
  let committed = 0n;
  let draft: Draft<S> | null = null;
  /** Set when `apply` threw: the draft was dropped, and the next commit folds the batch again up to the event before. */
  let dropped = false;

  /** The committed state with every event after the checkpoint up to `until` folded in, read again from the store. */
  const refold = async (until: bigint): Promise<S> => {
    const again = draftOf(state);
    for await (const recorded of store.readAll({ fromPosition: committed })) {
      if (recorded.position > until) break;
      if (accepts !== undefined && !accepts(recorded)) continue;
      const decoded = decode(recorded);
      if (E.isLeft(decoded)) throw decoded.left;
      appliedSynchronously(projection.name, projection.apply(again, envelopeOf(recorded, decoded.right)));
    }
    return finishDraftOf(again);
  };

  const write = async (next: S, position: bigint, expected: bigint | null): Promise<void> => {
    await projectionStore.commit({ name: projection.name, version: projection.version, position, state: encodeState(next) }, expected);
    state = next;
    committed = position;
  };

  const folder: ProjectionFolder<E> = {
    add: (recorded, event) => {
      const current = (draft ??= draftOf(state));
      try {
        appliedSynchronously(projection.name, projection.apply(current, envelopeOf(recorded, event)));
      } catch (error) {
        // The draft may hold half of this event: drop it.
        draft = null;
        dropped = true;
        throw error;
      }
    },
    commit: async (position, expected) => {
      const next = dropped ? await refold(position) : draft === null ? state : finishDraftOf<S>(draft);
      draft = null;
      dropped = false;
      await write(next, position, expected);
    },
    reset: async (expected) => {
      draft = null;
      dropped = false;
      await write(projection.initialState, 0n, expected);
    },
  };

  const loaded = await projectionStore.load(projection.name);
  let stored: bigint | null = null;
  if (loaded !== null) {
    stored = loaded.position;
    if (loaded.version === projection.version) {
      state = decodeState(loaded.state);
      committed = loaded.position;
    } else {
      await folder.reset(stored);
      stored = 0n;
    }
  }
  const controls = runProjectionLoop({ store, name: projection.name, decode, accepts, batchSize, folder, committed, stored });
  return { ...controls, state: () => state };
};
