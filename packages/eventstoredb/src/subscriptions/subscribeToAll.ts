import { StoreUnavailableError, isStoreUnavailableError } from '@casefold/engine';
import type { RecordedEvent, Subscription } from '@casefold/engine';
import { START, streamNameFilter } from '@eventstore/db-client';
import type { EventStoreDbSettings } from '../eventStore/eventStoreDbSettings.js';
import { recordedEventOf } from '../eventStore/eventEnvelope.js';
import { storeErrorOf } from '../connection/eventStoreDbErrors.js';

/**
 * A casefold subscription on the server's catch-up subscription to `$all`, filtered on the
 * server to the store's stream prefix (followed by `narrowedTo`, the caller's `streamPrefix`,
 * `''` for every stream of the store): the events after `fromPosition` (the server's start
 * position is exclusive, as casefold's), then live ones. When the connection drops (server
 * restart, leader change) it subscribes again from the last position it handed out, so no
 * event is skipped or repeated; after `reconnectAttempts` failures in a row the iteration
 * fails with `StoreUnavailableError`. A subscription the server confirmed starts the count
 * again; one it has not confirmed within `operationTimeoutMs` is a failure (a server that
 * takes the call and never answers). `close()` ends a pending iteration.
 */
export const subscribeToAll = (settings: EventStoreDbSettings, fromPosition: bigint, narrowedTo: string, onClose: () => void): Subscription => {
  const { client, target, streamPrefix, reconnectDelayMs, reconnectAttempts, operationTimeoutMs } = settings;
  let closed = false;
  let current: { unsubscribe(): Promise<void> } | null = null;
  let wakeSleeper: (() => void) | null = null;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wakeSleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function* follow(): AsyncGenerator<RecordedEvent, undefined> {
    let last = fromPosition;
    let failures = 0;
    try {
      while (!closed) {
        const subscription = client.subscribeToAll({
          fromPosition: last <= 0n ? START : { commit: last, prepare: last },
          filter: streamNameFilter({ prefixes: [streamPrefix + narrowedTo] }),
        });
        current = subscription;
        // The server confirms a subscription first: one it took and never confirmed is a failure, not a quiet wait.
        let unconfirmed = false;
        const confirmationTimer = setTimeout(() => {
          unconfirmed = true;
          void subscription.unsubscribe().catch(() => undefined);
        }, operationTimeoutMs);
        subscription.once('confirmation', () => {
          clearTimeout(confirmationTimer);
          failures = 0;
        });
        try {
          for await (const resolved of subscription) {
            if (closed) return undefined;
            if (resolved.event === undefined) continue;
            const event = recordedEventOf(resolved.event, streamPrefix);
            if (event.position <= last) continue;
            last = event.position;
            yield event;
          }
          if (closed) return undefined;
          const why = unconfirmed ? `no confirmation within ${operationTimeoutMs} ms` : 'the server ended the subscription';
          throw new StoreUnavailableError(`subscription to $all at '${target}'`, { cause: new Error(why) });
        } catch (error) {
          if (closed) return undefined;
          const mapped = storeErrorOf(error, target, 'subscription to $all');
          failures += 1;
          if (!isStoreUnavailableError(mapped) || failures > reconnectAttempts) throw mapped;
          await sleep(reconnectDelayMs);
        } finally {
          clearTimeout(confirmationTimer);
          current = null;
          await subscription.unsubscribe().catch(() => undefined);
        }
      }
      return undefined;
    } finally {
      closed = true;
      onClose();
    }
  }

  const iterator = follow();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      if (closed) return;
      closed = true;
      wakeSleeper?.();
      await current?.unsubscribe().catch(() => undefined);
      onClose();
    },
  };
};
