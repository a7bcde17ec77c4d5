import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type EventMetadata, GENESIS_HASH, type Json, eventHash } from '@casefold/engine';

/** Options of {@link writeSyntheticExport}: how many streams, events per stream, and characters of data per event. */
export interface SyntheticExportOptions {
  readonly streams: number;
  readonly eventsPerStream: number;
  readonly dataChars: number;
  /** The header's jurisdiction directory (default none). */
  readonly directory?: Json | null;
}

const metadata = (n: number): EventMetadata =>
  ({ occurredAt: '2025-03-01T00:00:00.000Z', recordedAt: '2025-03-01T00:00:00.000Z', commandId: `cmd-${n}`, correlationId: `cmd-${n}`, causationId: null, schemaVersion: 1 }) as EventMetadata;

/**
 * Writes a valid export of non-case streams (`note-…`, no case schema to fit) with correct
 * hash chains, streamed to disk so that the test process itself stays small. Returns the
 * number of events.
 */
export const writeSyntheticExport = async (path: string, options: SyntheticExportOptions): Promise<number> => {
  const out = createWriteStream(path);
  const write = async (line: string): Promise<void> => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  await write(JSON.stringify({ kind: 'header', format: 'casefold-events', version: 1, directory: options.directory ?? null }));
  const filler = 'x'.repeat(options.dataChars);
  let n = 0;
  for (let s = 0; s < options.streams; s += 1) {
    let prevHash = GENESIS_HASH;
    for (let revision = 0; revision < options.eventsPerStream; revision += 1) {
      n += 1;
      const event = { streamId: `note-${s}`, revision: BigInt(revision), eventId: `ev-${n}`, type: 'NoteWritten', data: { n, text: filler } as Json, metadata: metadata(n) };
      const hash = eventHash(prevHash, event);
      await write(JSON.stringify({ kind: 'event', ...event, revision: String(revision), position: String(n), prevHash, hash }));
      prevHash = hash;
    }
  }
  await write(JSON.stringify({ kind: 'end', events: n, streams: options.streams }));
  out.end();
  await once(out, 'finish');
  return n;
};
