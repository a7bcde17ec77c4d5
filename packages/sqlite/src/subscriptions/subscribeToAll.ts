import { appendWaiter } from '@casefold/engine/adapter';
import type { RecordedEvent, Subscription } from '@casefold/engine';
import type { AppendSignal } from './appendSignal.js';

/** What a subscription needs from its store. */
export interface SubscribeToAllOptions {
  /** Exclusive start position. */
  readonly fromPosition: bigint;
  /** Reads events after a position, page by page, ending at the current end of the store. */
  readonly readAfter: (position: bigint) => AsyncIterable<RecordedEvent>;
  readonly signal: AppendSignal;
  /** How often to look for appends made by other processes, in ms. */
  readonly pollIntervalMs: number;
  /** Called once when the subscription ends, however it ends. */
  readonly onEnd: () => void;
}

/**
 * A live subscription over the whole store: reads everything after `fromPosition`, then
 * waits until an append in this process signals or the poll interval passes, and reads on
 * from the last position it delivered. Positions only grow in commit order, so resuming
 * from the last delivered position never skips or repeats an event.
 */
export const subscribeToAll = (options: SubscribeToAllOptions): Subscription => {
  const { readAfter, signal, pollIntervalMs, onEnd } = options;
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
        for await (const event of readAfter(position)) {
          if (closed) return;
          yield event;
          position = event.position;
        }
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
