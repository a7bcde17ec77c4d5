import type { EventStore } from '@casefold/engine';
import { HashMismatchError } from '../store/hashMismatchError.js';
import type { ParsedEvent } from './parseEventLine.js';

/** Options of {@link applyImport}. */
export interface ApplyImportOptions {
  readonly store: EventStore;
  /** Checked events, in file order (see `planImport`). */
  readonly events: readonly ParsedEvent[];
  readonly onProgress?: (done: number) => void;
}

/**
 * Appends checked events in file order, each run of consecutive events of one stream as one
 * atomic append whose expected revision is the revision before the run, so the store
 * recomputes exactly the file's chain (checked event by event). Returns the number appended.
 */
export const applyImport = async (options: ApplyImportOptions): Promise<number> => {
  const { store, events } = options;
  let done = 0;
  for (let start = 0; start < events.length; ) {
    const first = events[start]!;
    let end = start + 1;
    while (end < events.length && events[end]!.streamId === first.streamId) end += 1;
    const run = events.slice(start, end);
    const appended = await store.appendToStream(
      first.streamId,
      run.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata })),
      { expectedRevision: first.revision === 0n ? 'no_stream' : first.revision - 1n },
    );
    appended.events.forEach((recorded, i) => {
      if (recorded.hash !== run[i]?.hash) throw new HashMismatchError(recorded.streamId, recorded.revision);
    });
    done += run.length;
    options.onProgress?.(done);
    start = end;
  }
  return done;
};
