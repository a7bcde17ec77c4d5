import { parseStoredEvent } from './parseStoredEvent.js';
import type { RecordedEvent, StoredEvent } from './eventStore.js';

/**
 * An event row as SQL adapters select it (`position, stream_id, revision, event_id, type,
 * data, metadata, prev_hash, hash`): numbers as bigints (SQLite) or decimal text
 * (PostgreSQL), data and metadata as the JSON texts written at append.
 */
export type EventRow = EventRowOf<bigint | string>;

/** An {@link EventRow} whose position and revision are of type `N` (an adapter's own rows, e.g. SQLite's bigints). */
export type EventRowOf<N> = readonly [position: N, streamId: string, revision: N, eventId: string, type: string, data: string, metadata: string, prevHash: string, hash: string];

/** The columns of an {@link EventRow}, in its order: what an adapter's event reads select. */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash';

/** An {@link EventRow} as a {@link StoredEvent}: data and metadata left as the stored JSON text. */
export const storedEventOfRow = (row: EventRow): StoredEvent => ({
  streamId: row[1],
  revision: typeof row[2] === 'bigint' ? row[2] : BigInt(row[2]),
  position: typeof row[0] === 'bigint' ? row[0] : BigInt(row[0]),
  eventId: row[3],
  type: row[4],
  dataJson: row[5],
  metadataJson: row[6],
  prevHash: row[7],
  hash: row[8],
});

/**
 * An {@link EventRow} as a {@link RecordedEvent}. Text that does not parse (or metadata that is
 * not an object) becomes an EventDecodeError naming stream, revision and column; the row
 * itself is never touched, and the rest of the store stays readable.
 */
export const recordedEventOfRow = (row: EventRow): RecordedEvent => parseStoredEvent(storedEventOfRow(row));
