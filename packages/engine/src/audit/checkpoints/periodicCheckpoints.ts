import type { EventStore } from '../../eventStore/eventStore.js';
import { signCheckpointOfRoot, type Checkpoint, type TakeCheckpointOptions, type TakeCheckpointResult } from './checkpoint.js';
import { sha256 } from './providers.js';
import type { HeadEvent, HeadEventSource } from '../../eventStore/headEventReader.js';
import { readEventsAfter } from './storeHeads.js';
import { storeHeadsTree } from './storeHeadsTree.js';

/** When {@link startCheckpointing} takes a checkpoint: whichever comes first, and only when the store moved on. */
export interface CheckpointEvery {
  /** After this many events were appended since the last checkpoint. */
  readonly events?: number;
  /** After this many milliseconds since the last checkpoint (or the start). */
  readonly ms?: number;
}

/** Options of {@link startCheckpointing}: those of `takeCheckpoint`, when, and where each checkpoint goes. */
export interface StartCheckpointingOptions extends Omit<TakeCheckpointOptions, 'position' | 'now'> {
  readonly every: CheckpointEvery;
  /**
   * Keeps a checkpoint (and its leaves) where the store's writers cannot change it: a file
   * on another machine, a transparency log, an auditor's system. Awaited before the next
   * one is taken; a checkpoint whose sink rejects is not chained to (the next one chains to
   * the last one kept) and the rejection goes to `onError`.
   */
  readonly sink: (taken: TakeCheckpointResult) => Promise<void> | void;
  /** How often the events appended since are read, in milliseconds (default 1,000, or `every.ms` when smaller). */
  readonly pollMs?: number;
  /** A checkpoint that could not be taken or kept (a store error, a failing sink): checkpointing goes on. Defaults to ignoring it. */
  readonly onError?: (error: unknown) => void;
}

/** Periodic checkpointing started by {@link startCheckpointing}. */
export interface Checkpointing {
  /** Takes and keeps a checkpoint now, chained to the last one kept, if the store moved on since; resolves to it, or `null` when there was nothing new. Rejects when taking or keeping it failed. */
  readonly checkpointNow: () => Promise<Checkpoint | null>;
  /** The last checkpoint kept (or the `previous` given), which the next one will chain to. */
  readonly last: () => Checkpoint | undefined;
  /** Stops the timer, after the checkpoint in progress (if any) was kept, and closes the store's head reader (its connection) if it has one. Take a final one first with `checkpointNow` if you need one (it still works after `stop`). */
  readonly stop: () => Promise<void>;
}

const DEFAULT_POLL_MS = 1_000;
/** Events per read of a {@link HeadEventSource}'s reader (a few hundred bytes each). */
const HEAD_PAGE = 10_000;

/**
 * Takes signed checkpoints of `store` periodically (`every` so many events or
 * milliseconds, whichever comes first, and only when something was appended since the
 * last one), each chained to the one before through its `previous` digest, and hands each
 * to `sink`. The first chains to `options.previous` when given (to continue a chain
 * across restarts). Appends pay nothing on their path: on a timer, the events appended
 * since the last look are read (once each, as stored, nothing parsed) into every stream's
 * head, through the store's {@link HeadEventSource} when it offers one (PostgreSQL: one
 * query per look on a connection of its own, only the head columns, no wait for
 * transactions in flight, which the next look reads), else through `readStoredAll`; a
 * checkpoint taken by `checkpointNow` first reads as `readStoredAll` does (on PostgreSQL:
 * every event committed before the call). The heads' Merkle tree is kept between
 * checkpoints; a checkpoint then hashes again only
 * the leaves of streams appended to since the last one and the nodes over them (and over
 * leaves moved by new streams), and signs, one at a time. Memory: one head per stream. Events that change
 * after they were read are not read again: such tampering is not laundered into later
 * checkpoints, and `verifyCheckpoint` (which reads everything) finds it. Verify the chain kept by the sink
 * with `verifyCheckpointChain`, and the store against its last checkpoint with
 * `verifyCheckpoint`. The timer does not keep the process alive.
 *
 * @example
 * const checkpointing = startCheckpointing(store, {
 *   storeId: 'cases.db', privateKey, every: { events: 10_000, ms: 3_600_000 },
 *   sink: async ({ checkpoint, leaves }) => upload(checkpointText(checkpoint), leavesText(leaves)),
 *   onError: (error) => log.error('checkpoint failed', error),
 * });
 * // … on shutdown:
 * await checkpointing.checkpointNow();
 * await checkpointing.stop();
 */
export const startCheckpointing = (store: EventStore & Partial<HeadEventSource>, options: StartCheckpointingOptions): Checkpointing => {
  const { every, sink, pollMs, onError = () => undefined, ...take } = options;
  if (every.events === undefined && every.ms === undefined) throw new RangeError('startCheckpointing needs every.events or every.ms (or both): when to take a checkpoint.');
  let last = options.previous;
  let lastAt = Date.now();
  /** Every stream's head so far with their Merkle tree: each event is read once, as it is appended, and a checkpoint reads nothing more and hashes only what changed. */
  const heads = storeHeadsTree(take.hash ?? sha256);
  let read = 0n;
  let events = 0;
  let eventsAtLast = last?.events ?? 0;
  /** The checkpoint in progress, settled either way; `null` when none. */
  let running: Promise<void> | null = null;
  const reader = store.openHeadEventReader?.();

  const visit = (event: HeadEvent): boolean => {
    heads.add(event);
    read = event.position;
    events += 1;
    return true;
  };
  /**
   * Reads the events appended since the last look into `heads`: on the timer (`complete`
   * false) through the store's head reader when it has one, as far as is visible without
   * waiting; else as the store's whole-store read does.
   */
  const catchUp = async (complete: boolean): Promise<void> => {
    if (complete || reader === undefined) {
      await readEventsAfter(store, read, visit);
      return;
    }
    for (let page = await reader.readAfter(read, HEAD_PAGE); ; page = await reader.readAfter(read, HEAD_PAGE)) {
      for (const event of page) visit(event);
      if (page.length < HEAD_PAGE) return;
    }
  };
  const checkpoint = async (complete: boolean): Promise<Checkpoint | null> => {
    await catchUp(complete);
    if (events <= eventsAtLast) return null;
    const taken = signCheckpointOfRoot(heads.commit(), { ...take, ...(last === undefined ? {} : { previous: last }) });
    await sink(taken);
    last = taken.checkpoint;
    eventsAtLast = taken.checkpoint.events;
    lastAt = Date.now();
    return taken.checkpoint;
  };
  /** One at a time: work asked for while a checkpoint is in progress starts after it. */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = (running ?? Promise.resolve()).then(work);
    const settled: Promise<void> = result
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        if (running === settled) running = null;
      });
    running = settled;
    return result;
  };
  const due = async (): Promise<boolean> => {
    await catchUp(false);
    const appended = events - eventsAtLast;
    return appended > 0 && ((every.ms !== undefined && Date.now() - lastAt >= every.ms) || (every.events !== undefined && appended >= every.events));
  };
  const tick = (): void => {
    if (running !== null) return;
    exclusive(async () => ((await due()) ? checkpoint(false) : null)).catch(onError);
  };
  const timer = setInterval(tick, Math.min(pollMs ?? DEFAULT_POLL_MS, every.ms ?? Number.POSITIVE_INFINITY));
  timer.unref();

  return {
    checkpointNow: () => exclusive(() => checkpoint(true)),
    last: () => last,
    stop: async () => {
      clearInterval(timer);
      await running;
      await reader?.close();
    },
  };
};
