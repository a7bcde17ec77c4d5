import type { EventStoreDBClient, ResolvedEvent } from '@eventstore/db-client';
import { StoreClosedError } from '@casefold/engine';
import { isTransient, withTimeout } from '../connection/eventStoreDbErrors.js';

/** Where and how to read one page, and how long to wait for it. */
export interface PageRequest {
  readonly client: EventStoreDBClient;
  readonly target: string;
  readonly operation: string;
  readonly timeoutMs: number;
  /** Whether the store was closed: a page read when it closed is not one (see {@link readPage}). */
  readonly isClosed: () => boolean;
}

/**
 * Reads one page of a read the client returns as a stream (`readStream`, `readAll`) whole,
 * within `timeoutMs`: pages keep memory bounded, and a page that does not arrive in time
 * (a server that stopped answering) is a `StoreUnavailableError`, never a hang. A stream
 * that does not exist is an empty page. A page that fails for a passing reason (a server
 * restarting, a channel closing) is read once more within the same time: reads change nothing.
 * A page whose read the store's `close()` cancelled is `StoreClosedError`: the client ends a
 * cancelled read as if it had reached the end, and a short page would read as the end.
 */
export const readPage = async (request: PageRequest, open: (msLeft: number) => AsyncIterable<ResolvedEvent> & { cancel(): Promise<void> }): Promise<ResolvedEvent[]> => {
  const { target, operation, timeoutMs, isClosed } = request;
  let read: ReturnType<typeof open> | undefined;
  const collect = async (msLeft: number): Promise<ResolvedEvent[]> => {
    read = open(msLeft);
    const page: ResolvedEvent[] = [];
    try {
      for await (const resolved of read) page.push(resolved);
    } catch (error) {
      if ((error as { type?: unknown }).type === 'stream-not-found') return [];
      throw error;
    }
    if (isClosed()) throw new StoreClosedError(operation);
    return page;
  };
  try {
    return await withTimeout(collect, { ms: timeoutMs, target, operation, sendAgainIf: isTransient, isClosed });
  } catch (error) {
    void read?.cancel().catch(() => undefined);
    throw error;
  }
};
