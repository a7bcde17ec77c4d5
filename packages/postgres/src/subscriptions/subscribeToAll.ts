import { allRangeOf, appendWaiter, recordedEventOfRow } from '@casefold/engine/adapter';
import { isStoreUnavailableError } from '@casefold/engine';
import type { EventRow } from '@casefold/engine/adapter';
import type { RecordedEvent, SubscribeOptions, Subscription } from '@casefold/engine';
import type { AllPage, ReadAllPage } from '../eventStore/readEvents.js';
import type { AppendListener } from './appendListener.js';

/** Settings of {@link createSubscribeToAll}. */
export interface SubscribeSettings {
  readonly pageSize: number;
  /** Longest wait between two looks at the store when no notification arrives, in ms. */
  readonly pollIntervalMs: number;
}

/** What a subscription needs from its store. */
export interface SubscriptionSource {
  readonly readPage: ReadAllPage;
  readonly listener: AppendListener;
  readonly isClosed: () => boolean;
  /** Registers a subscription for closing with the store; returns the unregister. */
  readonly track: (subscription: Subscription) => () => void;
}

const done: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * `subscribeToAll`: catches up from a position page by page (prefetching), then follows new
 * appends. It reads only below the visible bound (positions.ts), so it delivers every event
 * exactly once in position order. After a short page it waits for a notification (LISTEN) or,
 * at most, the poll interval; when the snapshot showed transactions still running, it looks
 * again sooner (1 ms doubling to 100 ms), since their events become readable when they end.
 * While the server is unreachable it keeps retrying from the last delivered position.
 */
export const createSubscribeToAll =
  (source: SubscriptionSource, settings: SubscribeSettings) =>
  (options?: SubscribeOptions): Subscription => {
    // Checked before anything starts: a bad prefix is the caller's error, not the follower's.
    const range = allRangeOf(options);
    const waiter = appendWaiter();
    let closed = false;
    const stopListening = source.listener.listen(waiter.notify);
    const waitFor = waiter.wait;

    let untrack = (): void => undefined;
    const close = async (): Promise<void> => {
      if (closed) return;
      closed = true;
      stopListening();
      untrack();
      waiter.close();
    };

    async function* follow(): AsyncGenerator<RecordedEvent, undefined> {
      const operation = 'subscribe to all';
      const { fromPosition, streamPrefix } = range;
      let position = fromPosition;
      let quick = 1;
      let outage = 50;
      let next: Promise<AllPage> | null = null;
      try {
        while (!closed && !source.isClosed()) {
          waiter.clear();
          let page: AllPage;
          try {
            page = await (next ?? source.readPage(position, settings.pageSize, operation, streamPrefix));
            outage = 50;
          } catch (e) {
            next = null;
            if (!isStoreUnavailableError(e) || source.isClosed()) throw e;
            await waitFor(outage);
            outage = Math.min(outage * 2, settings.pollIntervalMs);
            continue;
          }
          const { rows } = page;
          const full = rows.length === settings.pageSize;
          if (full) {
            const last = BigInt(rows[rows.length - 1]![0]!);
            next = source.readPage(last, settings.pageSize, operation, streamPrefix);
            next.catch(() => undefined);
          } else {
            next = null;
          }
          for (const row of rows) {
            if (closed) return done.value;
            const event = recordedEventOfRow(row as unknown as EventRow);
            yield event;
            position = event.position;
          }
          if (rows.length > 0) quick = 1;
          if (full) continue;
          // Narrowed to a prefix: the page passed every event below its bound, the other streams' too.
          if (streamPrefix !== '' && page.bound - 1n > position) position = page.bound - 1n;
          if (page.xmin < page.xmax) {
            await waitFor(quick);
            quick = Math.min(quick * 2, 100);
          } else {
            await waitFor(settings.pollIntervalMs);
          }
        }
        return done.value;
      } finally {
        await close();
      }
    }

    const iterator = follow();
    const subscription: Subscription = {
      [Symbol.asyncIterator]: () => iterator,
      close,
    };
    untrack = source.track(subscription);
    return subscription;
  };
