import { parseStoredEvent } from '@casefold/engine';
import type { RecordedEvent, StoredEvent } from '@casefold/engine';
import type { TextRow } from '../connection/database.js';

/** The columns every event read selects, in the order {@link decodeEventRow} expects. */
export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash';

const text = (row: TextRow, index: number): string => row[index] ?? '';

/**
 * A row selected with {@link EVENT_COLUMNS} as a {@link StoredEvent}: data and metadata left as
 * the text of their `json` columns, which PostgreSQL keeps verbatim (the canonical JSON written
 * at append).
 */
export const storedEventOfRow = (row: TextRow): StoredEvent => ({
  streamId: text(row, 1),
  revision: BigInt(text(row, 2)),
  position: BigInt(text(row, 0)),
  eventId: text(row, 3),
  type: text(row, 4),
  dataJson: text(row, 5),
  metadataJson: text(row, 6),
  prevHash: text(row, 7),
  hash: text(row, 8),
});

/**
 * Turns a row selected with {@link EVENT_COLUMNS} into a {@link RecordedEvent}. Text that does
 * not parse, or metadata that is not a JSON object, becomes an EventDecodeError naming stream,
 * revision and column; the row itself is never touched, and the rest of the store stays readable.
 */
export const decodeEventRow = (row: TextRow): RecordedEvent => parseStoredEvent(storedEventOfRow(row));
