import * as E from 'fp-ts/lib/Either.js';
import type { EventCodec } from '../serialization/eventCodec.js';
import type { EventDecodeError } from './errors.js';
import type { EventStore, RecordedEvent } from './eventStore.js';
import { forEachEvent } from './forEachEvent.js';

/** Options of {@link aggregateStream}. */
export interface AggregateStreamOptions<E, S> {
  readonly codec: EventCodec<E>;
  /** The state before the first event read. */
  readonly initialState: S;
  /** Folds one decoded event (with the event as recorded) into the state. */
  readonly evolve: (state: S, event: E, recorded: RecordedEvent) => S;
  /** Read from this revision on (inclusive), e.g. after a cached state. Default: the whole stream. */
  readonly fromRevision?: bigint;
}

/** What {@link aggregateStream} folded. */
export interface AggregateStreamResult<S> {
  readonly state: S;
  /** Revision of the last event folded; `null` when none was read (a missing stream, or nothing after `fromRevision`). */
  readonly revision: bigint | null;
}

/**
 * Loads a stream into a state: reads it in order (a page at a time where the store offers
 * it), decodes every event and folds it with `evolve`. Stops at the first event that does not
 * decode and returns its {@link EventDecodeError}; the store's own failures (unavailable,
 * closed) are thrown. A stream that does not exist gives the initial state.
 *
 * @example
 * const loaded = await aggregateStream(store, 'case-42', { codec, initialState: decider.initialState, evolve: decider.evolve });
 */
export const aggregateStream = async <E, S>(
  store: Pick<EventStore, 'readStream'>,
  streamId: string,
  options: AggregateStreamOptions<E, S>,
): Promise<E.Either<EventDecodeError, AggregateStreamResult<S>>> => {
  const { codec, evolve } = options;
  let state = options.initialState;
  let revision: bigint | null = null;
  let failure: EventDecodeError | null = null;
  const events = store.readStream(streamId, options.fromRevision === undefined ? undefined : { fromRevision: options.fromRevision });
  await forEachEvent(events, (recorded) => {
    const decoded = codec.decode(recorded);
    if (E.isLeft(decoded)) {
      failure = decoded.left;
      return false;
    }
    state = evolve(state, decoded.right, recorded);
    revision = recorded.revision;
    return true;
  });
  return failure === null ? E.right({ state, revision }) : E.left(failure);
};
