import type { RecordedEvent, Subscription } from '@casefold/engine';
import type { AppendSignal } from './appendSignal.js';

/** What a subscription needs from its store. */
export interface FollowAllOptions {
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
export const followAll = (options: FollowAllOptions): Subscription => {
  const { readAfter, signal, pollIntervalMs, onEnd } = options;
  let closed = false;
  let pending = false;
  let wake: (() => void) | null = null;
  let stopListening: (() => void) | null = null;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    stopListening?.();
    onEnd();
  };

  const waitForAppends = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (pending || closed) return resolve();
      const timer = setTimeout(done, pollIntervalMs);
      function done(): void {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function* follow(): AsyncGenerator<RecordedEvent> {
    let position = options.fromPosition;
    try {
      if (!ended) {
        stopListening = signal.listen(() => {
          pending = true;
          wake?.();
        });
      }
      while (!closed) {
        pending = false;
        for await (const event of readAfter(position)) {
          if (closed) return;
          yield event;
          position = event.position;
        }
        await waitForAppends();
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
      wake?.();
      end();
    },
  };
};
