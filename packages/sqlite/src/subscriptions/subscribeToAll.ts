import { appendWaiter } from '@casefold/engine/adapter';
import type { RecordedEvent, Subscription } from '@casefold/engine';
import type { AppendSignal } from './appendSignal.js';

/** What a subscription needs from its store. */
export interface SubscribeToAllOptions {
  /** Exclusive start position. */
  readonly fromPosition: bigint;
  /** Reads events after a position, page by page, ending at the current end of the store. */
  readonly readAfter: (position: bigint) => AsyncIterable<RecordedEvent>;
  /**
   * For a subscription narrowed to a stream prefix: the store's last position now. A read
   * that began after it was taken has passed every event up to it, those of other streams
   * too, so the next read starts there instead of at the last event delivered (a quiet
   * tenant beside a busy one would otherwise read all of the busy one's events since its
   * last at every look).
   */
  readonly lastPosition?: () => bigint;
  readonly signal: AppendSignal;
  /** How often to look for appends made by other processes, in ms. */
  readonly pollIntervalMs: number;
  /** Called once when the subscription ends, however it ends. */
  readonly onEnd: () => void;
}

/**
 * A live subscription over the whole store: reads everything after `fromPosition`, then
 * waits until an append in this process signals or the poll interval passes, and reads on
 * from the last position it delivered (narrowed to a prefix: or the last position of the
 * store it has read past). Positions only grow in commit order (one writer at a time, each
 * commit's rowids above every earlier one), so resuming there never skips or repeats an event.
 */
export const subscribeToAll = (options: SubscribeToAllOptions): Subscription => {
  const { readAfter, lastPosition, signal, pollIntervalMs, onEnd } = options;
  const waiter = appendWaiter();
  let closed = false;
  let stopListening: (() => void) | null = null;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    stopListening?.();
    onEnd();
  };

  async function* follow(): AsyncGenerator<RecordedEvent> {
    let position = options.fromPosition;
    try {
      if (!ended) {
        stopListening = signal.listen(waiter.notify);
      }
      while (!closed) {
        waiter.clear();
        // Taken before the read: every event up to it is committed, so the read sees it.
        const passed = lastPosition?.() ?? 0n;
        for await (const event of readAfter(position)) {
          if (closed) return;
          yield event;
          position = event.position;
        }
        if (passed > position) position = passed;
        await waiter.wait(pollIntervalMs);
      }
    } finally {
      end();
    }
  }

  const iterator = follow();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      closed = true;
      waiter.close();
      end();
    },
  };
};
