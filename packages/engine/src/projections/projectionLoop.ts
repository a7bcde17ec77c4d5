import * as E from 'fp-ts/lib/Either.js';
import type { EventStore, RecordedEvent, Subscription } from '../eventStore/eventStore.js';
import type { EventDecodeError } from '../eventStore/errors.js';
import { ProjectionApplyError, ProjectionStoppedError, ProjectionWaitTimeoutError } from './projectionRunnerErrors.js';

/**
 * How a runner folds and commits, for {@link runProjectionLoop}: the document runner folds into
 * an immer draft and commits the state, the row runner keeps the rows it changed and commits those.
 */
export interface ProjectionFolder<E> {
  /**
   * Folds one accepted, decoded event into the batch not committed yet. If it throws, the batch
   * must afterwards hold the events before this one only (the loop commits it and stops, with a
   * `ProjectionApplyError` on this event: for a failure of the projection's `keysOf`, throw a
   * {@link FoldStepFailure} so that the error blames `keysOf`, not `apply`).
   */
  readonly add: (recorded: RecordedEvent, event: E) => void | Promise<void>;
  /** Commits the batch (possibly empty: the checkpoint still moves) with checkpoint `position`, conditional on the stored checkpoint being `expected`. */
  readonly commit: (position: bigint, expected: bigint | null) => Promise<void>;
  /** Commits the empty read model at position 0, conditional like `commit`; the batch is dropped. */
  readonly reset: (expected: bigint | null) => Promise<void>;
  /**
   * Optional: prepares the fold of these events, about to be added in this order (accepted,
   * decoded), e.g. loads in one query what their `add`s will read. It prepares the events before
   * the first one whose `add` will fail on the event itself (a `keysOf` that throws or returns no
   * list of text keys) only, so that the failure is that event's. If it throws (the store failed),
   * the first of them fails as its `add` would have.
   */
  readonly prefetch?: (events: readonly FoldableEvent<E>[]) => Promise<void>;
}

/** What a folder's `add` throws when the projection's `keysOf` failed on the event (threw, or returned no list of keys): `cause` is reported with that step. */
export class FoldStepFailure extends Error {
  constructor(
    readonly step: 'keysOf',
    override readonly cause: unknown,
  ) {
    super(`the projection's ${step} failed`, { cause });
  }
}

/** An accepted, decoded event on its way into a {@link ProjectionFolder}. */
export interface FoldableEvent<E> {
  readonly recorded: RecordedEvent;
  readonly event: E;
}

/** Options of {@link runProjectionLoop}. */
export interface ProjectionLoopOptions<E> {
  readonly store: EventStore;
  /** The projection's name, for errors. */
  readonly name: string;
  readonly decode: (recorded: RecordedEvent) => E.Either<EventDecodeError, E>;
  readonly accepts: ((recorded: RecordedEvent) => boolean) | undefined;
  readonly batchSize: number;
  readonly folder: ProjectionFolder<E>;
  /** The checkpoint the runner starts from (loaded, or just reset) and the stored one (`null` if none is stored). */
  readonly committed: bigint;
  readonly stored: bigint | null;
}

/** Where a runner is. */
export type ProjectionStatus = { readonly kind: 'running' } | { readonly kind: 'stopped' } | { readonly kind: 'failed'; readonly error: unknown };

/** The controls every projection runner shares. */
export interface ProjectionControls {
  /** Position of the last event folded into the committed read model (`0n` before any). */
  readonly position: () => bigint;
  readonly status: () => ProjectionStatus;
  /**
   * Resolves once every event up to `position` is committed (read-your-writes: pass a
   * command's `lastPosition`). Rejects with the runner's error if it fails, with
   * {@link ProjectionStoppedError} if it stops, with {@link ProjectionWaitTimeoutError} after `timeoutMs`.
   */
  readonly waitFor: (position: bigint, options?: { readonly timeoutMs?: number }) => Promise<void>;
  /** Discards the read model and folds the whole store again from position 0; resolves once the reset is committed. */
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
 * Checks what a runner (or a rebuild) is started with: the projection's version, which every
 * store keeps as a safe integer and compares on start, and the batch size.
 *
 * @throws RangeError naming the caller, the projection and what to change, before anything is read or written.
 */
export const checkRunOptions = (caller: string, projection: { readonly name: string; readonly version: number }, batchSize: number): void => {
  if (!Number.isSafeInteger(projection.version))
    throw new RangeError(`${caller}: projection '${projection.name}' has version ${String(projection.version)}; a version must be a safe integer (a new version: the last one plus 1)`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`${caller}: batchSize must be a positive integer, got ${batchSize}`);
};

/**
 * The fold loop of every projection runner: catches up from the checkpoint through
 * `subscribeToAll` and follows live appends, committing through the folder per batch. While
 * catching up (up to the store's last position when the subscription began) it commits full
 * batches and that last event only; from then on also whenever no further event is immediately
 * available. A decode or apply failure commits the batch before the failing event and stops the
 * runner on it.
 */
export const runProjectionLoop = <E>(options: ProjectionLoopOptions<E>): ProjectionControls => {
  const { store, name, decode, accepts, batchSize, folder } = options;
  let committed = options.committed;
  let stored = options.stored;
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
      else if (status.kind === 'stopped') waiter.reject(new ProjectionStoppedError(name, committed));
      else still.push(waiter);
    }
    waiters = still;
  };

  const commit = async (position: bigint): Promise<void> => {
    await folder.commit(position, stored);
    committed = position;
    stored = position;
    settleWaiters();
  };

  const fail = (error: unknown): void => {
    status = { kind: 'failed', error };
    settleWaiters();
  };

  /** The event decoded if `accepts` takes it (`null` if not), or what `accepts` or `decode` threw. */
  const decodeAccepted = (recorded: RecordedEvent): ReturnType<typeof decode> | null | { readonly thrown: unknown } => {
    try {
      return accepts === undefined || accepts(recorded) ? decode(recorded) : null;
    } catch (thrown) {
      return { thrown };
    }
  };

  /**
   * Folds events from the subscription, committing per batch; once it has folded the last event
   * stored when it began (the catch-up), also whenever the stream of events pauses. A pause during
   * the catch-up (a network subscription's, a busy machine's) commits nothing: a rebuild would
   * otherwise store a partial read model at every pause, and each of those commits makes another
   * runner's or command's commit of the same projection conflict. The events the subscription
   * hands over without waiting (up to the batch's room) are decoded and prefetched together, then
   * added one by one.
   */
  const follow = async (sub: Subscription): Promise<void> => {
    const caughtUpAt = await store.readLastPosition();
    const events = sub[Symbol.asyncIterator]();
    let pending = 0;
    let position = committed;
    let idle: Promise<typeof IDLE> | null = null;
    const flush = async (): Promise<void> => {
      pending = 0;
      idle = null;
      await commit(position);
    };
    /** Commits the events before `recorded` (the folder dropped it from the batch) and fails on it. */
    const failOn = async (recorded: RecordedEvent, thrown: unknown): Promise<never> => {
      if (position > committed) await commit(position);
      const failure = thrown instanceof FoldStepFailure;
      throw new ProjectionApplyError(name, recorded, committed, failure ? { cause: thrown.cause, step: thrown.step } : { cause: thrown, step: 'apply' });
    };
    let next = events.next();
    /** `first` and the events after it that are already delivered (no I/O awaited), `room` in all at most. */
    const ready = async (first: RecordedEvent, room: number): Promise<RecordedEvent[]> => {
      const chunk = [first];
      const turn = new Promise<typeof IDLE>((resolve) => setImmediate(resolve, IDLE));
      while (chunk.length < room) {
        const result = await Promise.race([next, turn]);
        if (result === IDLE || result.done === true) break;
        chunk.push(result.value);
        next = events.next();
      }
      return chunk;
    };
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
      const chunk = await ready(result.value, batchSize - pending);
      const decoded = chunk.map(decodeAccepted);
      const foldable: FoldableEvent<E>[] = [];
      for (const [i, outcome] of decoded.entries()) {
        if (outcome === null) continue;
        if ('thrown' in outcome || E.isLeft(outcome)) break;
        foldable.push({ recorded: chunk[i]!, event: outcome.right });
      }
      if (folder.prefetch !== undefined && foldable.length > 0) {
        try {
          await folder.prefetch(foldable);
        } catch (cause) {
          await failOn(foldable[0]!.recorded, cause);
        }
      }
      for (const [i, recorded] of chunk.entries()) {
        const outcome = decoded[i]!;
        if (outcome !== null) {
          // accepts or decode threw (instead of answering, or returning a Left): the events before are committed, the runner stops on this one.
          if ('thrown' in outcome) return await failOn(recorded, outcome.thrown);
          if (E.isLeft(outcome)) {
            // Keep the progress up to the event before, then stop on this one.
            if (pending > 0) await flush();
            throw outcome.left;
          }
          try {
            await folder.add(recorded, outcome.right);
          } catch (cause) {
            // The folder dropped this event from the batch: commit the events before it.
            await failOn(recorded, cause);
          }
        }
        position = recorded.position;
        pending += 1;
        if (pending >= batchSize) await flush();
      }
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

  /** The last `rebuild` or `stop` asked for: the next one starts after it ends, so two never interleave. */
  let control: Promise<void> = Promise.resolve();
  const inTurn = (operation: () => Promise<void>): Promise<void> => {
    const turn = control.then(operation);
    control = turn.catch(() => {});
    return turn;
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

  begin();

  return {
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
                reject(new ProjectionWaitTimeoutError(name, position, committed, timeoutMs));
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
    rebuild: () =>
      inTurn(async () => {
        await halt();
        status = { kind: 'running' };
        try {
          await folder.reset(stored);
          committed = 0n;
          stored = 0n;
          settleWaiters();
        } catch (error) {
          fail(error);
          throw error;
        }
        begin();
      }),
    stop: () =>
      inTurn(async () => {
        await halt();
        if (status.kind === 'running') status = { kind: 'stopped' };
        settleWaiters();
      }),
  };
};
