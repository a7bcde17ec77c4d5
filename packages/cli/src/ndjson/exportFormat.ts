import { eventHash, eventHashOfJson, parseStoredEvent } from '@casefold/engine';
import type { Checkpoint, Json, RecordedEvent, StoredEvent, StreamLeaf } from '@casefold/engine';

/**
 * The NDJSON export format, version 2 (documented in docs/cli.md and
 * docs/checkpoint-format.md). One JSON object per line, UTF-8, `\n` line ends:
 *
 * 1. a header `{"kind":"header","format":"casefold-events","version":2,"directory":[…units]|null}`,
 *    with `"checkpoint":{…}` (a signed checkpoint of the store, as its file holds it) when
 *    exported with one;
 * 2. with a checkpoint, its leaves, one line each, sorted by stream id:
 *    `{"kind":"leaf","streamId","revision","hash"}`;
 * 3. one line per event in store (position) order:
 *    `{"kind":"event","streamId","revision","position","eventId","type","data","metadata","prevHash","hash"}`,
 *    revision and position as decimal strings;
 * 4. a trailer `{"kind":"end","events":N,"streams":M,"root":"…"}`, so a cut-off file is
 *    noticed: `root` is the Merkle root (as a checkpoint's, SHA-256) over the heads of the
 *    file's streams, so a case cut out, truncated or re-hashed is noticed.
 *
 * Version 1 (still read) has no checkpoint, no leaves and no root.
 */
export const EXPORT_FORMAT = 'casefold-events';

/** The format version this CLI writes. */
export const EXPORT_VERSION = 2;

/** The format versions this CLI reads. */
export const READABLE_EXPORT_VERSIONS: readonly number[] = [1, 2];

/** The first line of an export. */
export interface HeaderLine {
  readonly kind: 'header';
  readonly format: typeof EXPORT_FORMAT;
  readonly version: number;
  /** The jurisdiction directory kept with the events, if any. */
  readonly directory: Json | null;
  /** The signed checkpoint the export was taken with (version 2), if any. */
  readonly checkpoint?: Checkpoint;
}

/** One event of an export, exactly as stored (hash fields included). */
export interface EventLine {
  readonly kind: 'event';
  readonly streamId: string;
  readonly revision: string;
  readonly position: string;
  readonly eventId: string;
  readonly type: string;
  readonly data: Json;
  readonly metadata: Json;
  readonly prevHash: string;
  readonly hash: string;
}

/** The last line of an export. */
export interface EndLine {
  readonly kind: 'end';
  readonly events: number;
  readonly streams: number;
  /** Merkle root over the heads of the file's streams (version 2). */
  readonly root?: string;
}

/** The header line for a directory, and the checkpoint exported with the events, if any. */
export const headerLine = (directory: Json | null, checkpoint?: Checkpoint): HeaderLine => ({
  kind: 'header',
  format: EXPORT_FORMAT,
  version: EXPORT_VERSION,
  directory,
  ...(checkpoint === undefined ? {} : { checkpoint }),
});

/** The line of one of the checkpoint's leaves. */
export const leafLine = (leaf: StreamLeaf): string => JSON.stringify({ kind: 'leaf', streamId: leaf.streamId, revision: leaf.revision.toString(), hash: leaf.hash });

/** The export line of a recorded event. */
export const eventLine = (event: RecordedEvent): EventLine => ({
  kind: 'event',
  streamId: event.streamId,
  revision: event.revision.toString(),
  position: event.position.toString(),
  eventId: event.eventId,
  type: event.type,
  data: event.data,
  metadata: event.metadata as Json,
  prevHash: event.prevHash,
  hash: event.hash,
});

/** An event's line in an export, and whether the event's content matches its hash. */
export interface ExportLine {
  /** The line, without its line end. */
  readonly text: string;
  /** `false`: the event was changed after it was written (its line is written all the same, as evidence). */
  readonly matchesHash: boolean;
}

/**
 * The export line of an event, parsed ({@link RecordedEvent}) or as stored ({@link StoredEvent}),
 * and whether its content matches its hash. When the stored texts hash to the event's hash
 * as they are, they are the canonical JSON written at append (no whitespace, every control
 * character escaped), and go into the line unparsed; otherwise (text from an older writer,
 * or changed) the event is parsed, written as {@link eventLine} has it and hashed again,
 * and text that does not parse throws its EventDecodeError. Either way the line parses to
 * the same object.
 */
export const exportLine = (event: StoredEvent | RecordedEvent): ExportLine => {
  if ('dataJson' in event && eventHashOfJson(event.prevHash, event) === event.hash) {
    const text =
      `{"kind":"event","streamId":${JSON.stringify(event.streamId)},"revision":"${event.revision}","position":"${event.position}",` +
      `"eventId":${JSON.stringify(event.eventId)},"type":${JSON.stringify(event.type)},"data":${event.dataJson},"metadata":${event.metadataJson},` +
      `"prevHash":${JSON.stringify(event.prevHash)},"hash":${JSON.stringify(event.hash)}}`;
    return { text, matchesHash: true };
  }
  const parsed = 'dataJson' in event ? parseStoredEvent(event) : event;
  return { text: JSON.stringify(eventLine(parsed)), matchesHash: eventHash(parsed.prevHash, parsed) === parsed.hash };
};
