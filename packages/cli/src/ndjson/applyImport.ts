import { type EventStore, MAX_APPEND_BYTES } from '@casefold/engine';
import { HashMismatchError } from '../store/hashMismatchError.js';
import type { ParsedEvent } from './parseEventLine.js';
import type { ImportPlan } from './planImport.js';
import { type ExportSummary, exportEvents } from './readExportFile.js';

/** Options of {@link applyImport}. */
export interface ApplyImportOptions {
  readonly store: EventStore;
  /** The checked file. */
  readonly file: ExportSummary;
  /** Its plan against `store` (see `planImport`). */
  readonly plan: ImportPlan;
  /** Called after each append with the number of events appended (committed) so far. */
  readonly onProgress?: (done: number) => void;
}

/** Most events in one append: a long run of one stream is split, so memory stays bounded. */
const MAX_RUN = 1_000;

/**
 * Appends the events of a checked file that the store does not have, in file order, reading
 * the file again line by line. Each run of consecutive events of one stream (up to
 * {@link MAX_RUN}, and up to `MAX_APPEND_BYTES` of lines: every event the source store took
 * fits, in an append of its own if need be) is one atomic append whose expected revision is the revision before the
 * run, so the store recomputes exactly the file's chain (checked event by event). Returns
 * the number appended. Should it fail on the way, the events appended before stay, and a
 * new import of the same file skips them and adds the rest.
 */
export const applyImport = async (options: ApplyImportOptions): Promise<number> => {
  const { store, file, plan } = options;
  let done = 0;
  let run: ParsedEvent[] = [];
  /** The UTF-8 bytes of the run's lines: more than the event JSON its append carries. */
  let runBytes = 0;
  const flush = async (): Promise<void> => {
    const first = run[0];
    if (first === undefined) return;
    const appended = await store.appendToStream(
      first.streamId,
      run.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata })),
      { expectedRevision: first.revision === 0n ? 'no_stream' : first.revision - 1n },
    );
    appended.events.forEach((recorded, i) => {
      if (recorded.hash !== run[i]?.hash) throw new HashMismatchError(recorded.streamId, recorded.revision);
    });
    done += run.length;
    run = [];
    runBytes = 0;
    options.onProgress?.(done);
  };
  for await (const event of exportEvents(file)) {
    const storedHead = plan.storedHeads.get(event.streamId);
    if (storedHead !== undefined && event.revision <= storedHead) continue;
    if (run.length > 0 && (run[0]!.streamId !== event.streamId || run.length >= MAX_RUN || runBytes + event.lineBytes > MAX_APPEND_BYTES)) await flush();
    run.push(event);
    runBytes += event.lineBytes;
  }
  await flush();
  return done;
};
