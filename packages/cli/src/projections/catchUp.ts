import type { AnyCaseEvent, Projection } from '@casefold/core';
import { type EventStore, type ProjectionStore, type RecordedEvent, caseIdOfStream, startProjection } from '@casefold/engine';
import { storeEventCodec } from '../store/storeEventCodec.js';

/** Options of {@link catchUp}. */
export interface CatchUpOptions<S> {
  readonly store: EventStore;
  readonly projectionStore: ProjectionStore;
  readonly projection: Projection<S, AnyCaseEvent>;
  /** The store's last position: the runner stops once it has committed it. */
  readonly until: bigint;
  /** Discard the stored state and fold everything again. */
  readonly rebuild?: boolean;
  /** Called every few hundred milliseconds with the position reached. */
  readonly onProgress?: (position: bigint) => void;
}

/** What {@link catchUp} returns. */
export interface CatchUpResult<S> {
  readonly state: S;
  /** Where the stored checkpoint was when the runner started (0 for a rebuild). */
  readonly from: bigint;
  readonly position: bigint;
}

/** Events per commit: large, so that a catch-up commits the (big) state rarely. */
export const CATCH_UP_BATCH_SIZE = 50_000;

/** The events the CLI's projections fold: those of case streams. */
export const isCaseEvent = (recorded: RecordedEvent): boolean => caseIdOfStream(recorded.streamId) !== null;

/**
 * Brings a projection's stored read model up to `until` with the engine's projection
 * runner (which commits state and checkpoint together), then stops the runner. Only case
 * streams are folded. Rejects with the runner's error, e.g. an `EventDecodeError` naming
 * the stream and revision of an unreadable event.
 */
export const catchUp = async <S>(options: CatchUpOptions<S>): Promise<CatchUpResult<S>> => {
  const codec = storeEventCodec;
  if (options.rebuild === true) await options.projectionStore.delete(options.projection.name);
  const runner = await startProjection({
    store: options.store,
    projectionStore: options.projectionStore,
    projection: options.projection,
    decode: codec.decode,
    accepts: isCaseEvent,
    batchSize: CATCH_UP_BATCH_SIZE,
  });
  try {
    const from = runner.position();
    const timer = options.onProgress === undefined ? undefined : setInterval(() => options.onProgress?.(runner.position()), 200);
    try {
      if (options.until > runner.position()) await runner.waitFor(options.until);
    } finally {
      clearInterval(timer);
    }
    options.onProgress?.(runner.position());
    return { state: runner.state(), from, position: runner.position() };
  } finally {
    await runner.stop();
  }
};
