import { InvalidAppendError } from '@casefold/engine';
import { validateAppend } from '@casefold/engine/adapter';
import type { AppendOptions, AppendResult, NewEvent } from '@casefold/engine';
import { groupCommit } from './groupCommit.js';
import type { HeadCache } from './headCache.js';
import { MAX_EVENTS_PER_APPEND } from './positions.js';
import type { StoreContext } from './storeContext.js';
import { createWriteAppend } from './writeAppend.js';
import type { AppendRequest } from './writeAppend.js';

/** The append operation of a PostgreSQL event store. */
export interface AppendToStream {
  readonly append: (streamId: string, events: readonly NewEvent[], options?: AppendOptions) => Promise<AppendResult>;
  /** Resolves when the appends queued or being written when it was called have settled. */
  readonly settled: () => Promise<void>;
}

/** Options of {@link createAppendToStream}. */
export interface AppendToStreamOptions {
  readonly heads: HeadCache;
  /** Called after each commit that wrote events. */
  readonly onAppended: () => void;
  /** Whether appends waiting for a connection share transactions (groupCommit.ts). */
  readonly groupCommit: boolean;
}

/** Checks an append before it is queued or written; returns it as the writer takes it. */
const validate = (streamId: string, events: readonly NewEvent[], options: AppendOptions | undefined): AppendRequest => {
  const expected = validateAppend(streamId, events, options);
  if (events.length > MAX_EVENTS_PER_APPEND) {
    throw new InvalidAppendError(streamId, `${events.length} events in one append; PostgreSQL appends hold at most ${MAX_EVENTS_PER_APPEND}`);
  }
  return { streamId, events, expected, operation: `append to stream '${streamId}'` };
};

/**
 * Appends: validated at once, then written by {@link createWriteAppend} — alone, one insert
 * statement in a transaction of its own, or (with `groupCommit`) queued and written with
 * the other appends waiting for a connection in one shared insert statement (groupCommit.ts).
 */
export const createAppendToStream = (context: StoreContext, options: AppendToStreamOptions): AppendToStream => {
  const { heads, onAppended } = options;
  const write = createWriteAppend(context);
  if (options.groupCommit) {
    const grouped = groupCommit({ context, heads, write, onCommitted: onAppended });
    return { append: async (streamId, events, appendOptions) => grouped.enqueue(validate(streamId, events, appendOptions)), settled: grouped.settled };
  }
  const inFlight = new Set<Promise<unknown>>();
  const writeAlone = async (request: AppendRequest): Promise<AppendResult> => {
    const result = await write(request, context.db.query, heads);
    onAppended();
    return result;
  };
  return {
    append: async (streamId, events, appendOptions) => {
      const written = writeAlone(validate(streamId, events, appendOptions));
      const tracked = written.catch(() => undefined);
      inFlight.add(tracked);
      void tracked.then(() => inFlight.delete(tracked));
      return written;
    },
    settled: async () => {
      await Promise.all([...inFlight]);
    },
  };
};
