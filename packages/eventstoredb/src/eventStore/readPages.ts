import type { EventStoreDBClient, ResolvedEvent } from '@eventstore/db-client';
import { isTransient, withTimeout } from '../connection/eventStoreDbErrors.js';

/** Where and how to read one page, and how long to wait for it. */
export interface PageRequest {
  readonly client: EventStoreDBClient;
  readonly target: string;
  readonly operation: string;
  readonly timeoutMs: number;
}

/**
 * Reads one page of a read the client returns as a stream (`readStream`, `readAll`) whole,
 * within `timeoutMs`: pages keep memory bounded, and a page that does not arrive in time
 * (a server that stopped answering) is a `StoreUnavailableError`, never a hang. A stream
 * that does not exist is an empty page. A page that fails for a passing reason (a server
 * restarting, a channel closing) is read once more within the same time: reads change nothing.
 */
export const readPage = async (request: PageRequest, open: () => AsyncIterable<ResolvedEvent> & { cancel(): Promise<void> }): Promise<ResolvedEvent[]> => {
  let read: ReturnType<typeof open> | undefined;
  const collect = async (): Promise<ResolvedEvent[]> => {
    read = open();
    const page: ResolvedEvent[] = [];
    try {
      for await (const resolved of read) page.push(resolved);
    } catch (error) {
      if ((error as { type?: unknown }).type === 'stream-not-found') return [];
      throw error;
    }
    return page;
  };
  try {
    return await withTimeout(collect, request.timeoutMs, request.target, request.operation, isTransient);
  } catch (error) {
    void read?.cancel().catch(() => undefined);
    throw error;
  }
};
