import type { Projection } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Draft } from 'immer';
import type { EventStore, Json, RecordedEvent, Subscription } from '../eventStore/eventStore.js';
import type { EventDecodeError } from '../eventStore/errors.js';
import { draftOf, envelopeOf, finishDraftOf } from './applyEnvelopes.js';
import { ProjectionApplyError, ProjectionStoppedError, ProjectionWaitTimeoutError } from './projectionRunnerErrors.js';
import type { ProjectionStore } from './projectionStore.js';
import type { StateCodec } from './stateCodec.js';
import { stateEncoder } from './stateEncoder.js';

export type { StateCodec } from './stateCodec.js';

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

/** Where a runner is. */
export type ProjectionStatus = { readonly kind: 'running' } | { readonly kind: 'stopped' } | { readonly kind: 'failed'; readonly error: unknown };

/** A running projection: its committed state, checkpoint and controls. */
export interface ProjectionRunner<S> {
  /** The last committed state. Read-only: do not mutate it. */
  readonly state: () => S;
  /** Position of the last event folded into the committed state (`0n` before any). */
  readonly position: () => bigint;
  readonly status: () => ProjectionStatus;
  /**
   * Resolves once every event up to `position` is committed (read-your-writes: pass a
   * command's `lastPosition`). Rejects with the runner's error if it fails, with
   * {@link ProjectionStoppedError} if it stops, with {@link ProjectionWaitTimeoutError} after `timeoutMs`.
   */
  readonly waitFor: (position: bigint, options?: { readonly timeoutMs?: number }) => Promise<void>;
  /** Discards the state and folds the whole store again from position 0; resolves once the reset is committed. */
  readonly rebuild: () => Promise<void>;
  /** Commits what has been folded, closes the subscription and stops. */
  readonly stop: () => Promise<void>;
}

interface Waiter {
  readonly position: bigint;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

const IDLE = Symbol('idle');

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
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`startProjection: batchSize must be a positive integer, got ${batchSize}`);
  const encodeState = stateEncoder(projection.name, options.stateCodec);
  const decodeState = options.stateCodec?.decode ?? ((json: Json) => json as S);

  let state = projection.initialState;
  let committed = 0n;
  let stored: bigint | null = null;
  let status: ProjectionStatus = { kind: 'running' };
  let waiters: Waiter[] = [];
  let subscription: Subscription | null = null;
  let loop: Promise<void> = Promise.resolve();
  /** Set while `stop` or `rebuild` ends the fold on purpose, so its end is not mistaken for a closed store. */
  let halting = false;

  const settleWaiters = (): void => {
    if (waiters.length === 0) return;
    const still: Waiter[] = [];
    for (const waiter of waiters) {
      if (waiter.position <= committed) waiter.resolve();
      else if (status.kind === 'failed') waiter.reject(status.error);
      else if (status.kind === 'stopped') waiter.reject(new ProjectionStoppedError(projection.name, committed));
      else still.push(waiter);
    }
    waiters = still;
  };

  const commit = async (next: S, position: bigint): Promise<void> => {
    await projectionStore.commit({ name: projection.name, version: projection.version, position, state: encodeState(next) }, stored);
    state = next;
    committed = position;
    stored = position;
    settleWaiters();
  };

  const fail = (error: unknown): void => {
    status = { kind: 'failed', error };
    settleWaiters();
  };

  /** The committed state with every event after the checkpoint up to `until` folded in, read again from the store. */
  const refold = async (until: bigint): Promise<S> => {
    const draft = draftOf(state);
    for await (const recorded of store.readAll({ fromPosition: committed })) {
      if (recorded.position > until) break;
      if (accepts !== undefined && !accepts(recorded)) continue;
      const decoded = decode(recorded);
      if (E.isLeft(decoded)) throw decoded.left;
      projection.apply(draft, envelopeOf(recorded, decoded.right));
    }
    return finishDraftOf(draft);
  };

  /**
   * Folds events from the subscription, committing per batch; once it has folded the last event
   * stored when it began (the catch-up), also whenever the stream of events pauses. A pause during
   * the catch-up (a network subscription's, a busy machine's) commits nothing: a rebuild would
   * otherwise store a partial read model at every pause, and each of those commits makes another
   * runner's or command's commit of the same projection conflict.
   */
  const follow = async (sub: Subscription): Promise<void> => {
    const caughtUpAt = await store.readLastPosition();
    const events = sub[Symbol.asyncIterator]();
    let draft: Draft<S> | null = null;
    let pending = 0;
    let position = committed;
    let idle: Promise<typeof IDLE> | null = null;
    const flush = async (): Promise<void> => {
      const next = draft === null ? state : finishDraftOf<S>(draft);
      draft = null;
      pending = 0;
      idle = null;
      await commit(next, position);
    };
    let next = events.next();
    for (;;) {
      let result: IteratorResult<RecordedEvent> | typeof IDLE;
      if (pending === 0 || position < caughtUpAt) result = await next;
      else {
        idle ??= new Promise((resolve) => setImmediate(resolve, IDLE));
        result = await Promise.race([next, idle]);
        if (result === IDLE) {
          await flush();
          continue;
        }
      }
      if (result.done === true) break;
      next = events.next();
      const recorded = result.value;
      if (accepts === undefined || accepts(recorded)) {
        const decoded = decode(recorded);
        if (E.isLeft(decoded)) {
          // Keep the progress up to the event before, then stop on this one.
          if (pending > 0) await flush();
          throw decoded.left;
        }
        if (draft === null) draft = draftOf(state);
        try {
          projection.apply(draft, envelopeOf(recorded, decoded.right));
        } catch (cause) {
          // The draft may hold half of this event: fold the batch again without it and commit that.
          draft = null;
          if (position > committed) await commit(await refold(position), position);
          throw new ProjectionApplyError(projection.name, recorded, committed, { cause });
        }
      }
      position = recorded.position;
      pending += 1;
      if (pending >= batchSize) await flush();
    }
    if (pending > 0 && status.kind === 'running') await flush();
  };

  const begin = (): void => {
    const sub = store.subscribeToAll({ fromPosition: committed });
    subscription = sub;
    loop = follow(sub).then(
      () => {
        if (halting) return;
        status = { kind: 'stopped' };
        settleWaiters();
      },
      (error: unknown) => {
        void sub.close();
        fail(error);
      },
    );
  };

  /** Closes the subscription and waits for the fold to end (it commits what it folded). */
  const halt = async (): Promise<void> => {
    halting = true;
    try {
      await subscription?.close();
      await loop;
    } finally {
      halting = false;
    }
  };

  const reset = async (): Promise<void> => {
    await commit(projection.initialState, 0n);
  };

  const loaded = await projectionStore.load(projection.name);
  if (loaded !== null) {
    stored = loaded.position;
    if (loaded.version === projection.version) {
      state = decodeState(loaded.state);
      committed = loaded.position;
    } else {
      await reset();
    }
  }
  begin();

  return {
    state: () => state,
    position: () => committed,
    status: () => status,
    waitFor: (position, waitOptions) =>
      new Promise<void>((resolve, reject) => {
        const timeoutMs = waitOptions?.timeoutMs;
        const timer =
          timeoutMs === undefined
            ? undefined
            : setTimeout(() => {
                waiters = waiters.filter((w) => w !== waiter);
                reject(new ProjectionWaitTimeoutError(projection.name, position, committed, timeoutMs));
              }, timeoutMs);
        const waiter: Waiter = {
          position,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.push(waiter);
        settleWaiters();
      }),
    rebuild: async () => {
      await halt();
      status = { kind: 'running' };
      try {
        await reset();
      } catch (error) {
        fail(error);
        throw error;
      }
      begin();
    },
    stop: async () => {
      await halt();
      if (status.kind === 'running') status = { kind: 'stopped' };
      settleWaiters();
    },
  };
};
