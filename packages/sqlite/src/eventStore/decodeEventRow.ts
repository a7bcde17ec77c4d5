import { parseStoredEvent } from '@casefold/engine';
import type { RecordedEvent, StoredEvent } from '@casefold/engine';
import type { EventRow } from './eventStatements.js';

/** A stored row as a {@link StoredEvent}: data and metadata left as the JSON text written at append. */
export const storedEventOfRow = (row: EventRow): StoredEvent => ({
  streamId: row[1],
  revision: row[2],
  position: row[0],
  eventId: row[3],
  type: row[4],
  dataJson: row[5],
  metadataJson: row[6],
  prevHash: row[7],
  hash: row[8],
});

/**
 * Turns a stored row into a {@link RecordedEvent}. Data and metadata are stored as JSON text;
 * text that does not parse (or metadata that is not an object) becomes an
 * EventDecodeError naming stream, revision and column. The row itself is never touched.
 */
export const decodeEventRow = (row: EventRow): RecordedEvent => parseStoredEvent(storedEventOfRow(row));
