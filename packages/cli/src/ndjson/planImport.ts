import type { EventStore } from '@casefold/engine';
import { BadInputError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import { type ExportSummary, type StreamSpan, exportEvents } from './readExportFile.js';

/** What importing a checked file into a store will do. */
export interface ImportPlan {
  /** The last revision the store holds of each stream it already has (the file's events up to it are skipped). */
  readonly storedHeads: ReadonlyMap<string, bigint>;
  /** Events already in the store (an earlier import of the same file). */
  readonly alreadyStored: number;
  /** Events to append. */
  readonly toAppend: number;
}

/** The store's last event of a stream, or `null` when it has none. */
const storedEvent = async (store: EventStore, streamId: string, revision: bigint | 'last'): Promise<{ readonly revision: bigint; readonly hash: string } | null> => {
  for await (const event of revision === 'last' ? store.readStream(streamId, { direction: 'backwards', maxCount: 1 }) : store.readStream(streamId, { fromRevision: revision, maxCount: 1 })) {
    return { revision: event.revision, hash: event.hash };
  }
  return null;
};

/**
 * Checks a file against the target store: each stream either is new (the file starts it at
 * revision 0) or the store's events are the same as the file's (same hashes) up to the
 * store's last revision, and the file continues from there. Since both are hash chains,
 * one hash per stream decides it: the file's and the store's at the last revision both
 * hold (found in a second read of the file only for streams the file continues past the
 * store); on a mismatch, the first differing event is looked up to name its line.
 *
 * @throws BadInputError when importing would break a chain of the store.
 */
export const planImport = async (file: ExportSummary, store: EventStore): Promise<ImportPlan> => {
  const fail = (streamId: string, line: number, reason: (m: CliMessages['importFile']) => string): never => {
    throw new BadInputError(
      localized((m) => m.importFile.streamProblem(streamId, reason(m.importFile))),
      { source: file.label, line },
      localized((m) => m.importFile.wouldBreak),
    );
  };
  /** Names the first event of the stream that differs from the store's, and fails. */
  const differs = async (streamId: string, span: StreamSpan): Promise<never> => {
    const stored = new Map<bigint, string>();
    for await (const event of store.readStream(streamId, { fromRevision: span.first.revision })) stored.set(event.revision, event.hash);
    for await (const event of exportEvents(file)) {
      if (event.streamId === streamId && stored.has(event.revision) && stored.get(event.revision) !== event.hash) fail(streamId, event.line, (m) => m.differsFromDatabase(String(event.revision)));
    }
    return fail(streamId, span.last.line, (m) => m.differsFromDatabase(String(span.last.revision)));
  };
  const storedHeads = new Map<string, bigint>();
  /** Streams the file continues past the store's last revision: the store's hash there, to compare with the file's. */
  const compareAt = new Map<string, { readonly revision: bigint; readonly hash: string }>();
  let alreadyStored = 0;
  for (const [streamId, span] of file.streams) {
    const head = await storedEvent(store, streamId, 'last');
    if (head === null) {
      if (span.first.revision !== 0n) fail(streamId, span.first.line, (m) => m.noSuchStream(String(span.first.revision)));
      continue;
    }
    storedHeads.set(streamId, head.revision);
    const { first, last } = span;
    if (first.revision > head.revision + 1n) fail(streamId, first.line, (m) => m.databaseEndsBefore(String(first.revision), String(head.revision)));
    if (first.revision === head.revision + 1n) {
      if (first.prevHash !== head.hash) fail(streamId, first.line, (m) => m.doesNotLink(String(first.revision), String(head.revision)));
      continue;
    }
    alreadyStored += Number((last.revision < head.revision ? last.revision : head.revision) - first.revision + 1n);
    if (last.revision > head.revision) compareAt.set(streamId, head);
    else {
      const stored = last.revision === head.revision ? head : await storedEvent(store, streamId, last.revision);
      if (stored?.hash !== last.hash) await differs(streamId, span);
    }
  }
  if (compareAt.size > 0) {
    for await (const event of exportEvents(file)) {
      const stored = compareAt.get(event.streamId);
      if (stored !== undefined && stored.revision === event.revision && stored.hash !== event.hash) await differs(event.streamId, file.streams.get(event.streamId)!);
    }
  }
  return { storedHeads, alreadyStored, toAppend: file.events - alreadyStored };
};
