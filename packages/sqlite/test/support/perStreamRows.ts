import type { RowProjection } from '@casefold/core';
import type { RecordedEvent } from '@casefold/engine';

/** One row per stream; any double-applied, skipped or reordered event visibly changes it. */
export type PerStreamRow = {
  readonly streamId: string;
  readonly events: number;
  /** Events whose revision was not the next one of their stream. */
  readonly outOfOrder: number;
  /** Position of the stream's last event folded, as decimal text. */
  readonly last: string;
};

/** Counts events per stream as rows; folds raw recorded events (decode is the identity). */
export const perStreamRows = (name: string): RowProjection<PerStreamRow, RecordedEvent> => ({
  name,
  version: 1,
  table: {
    key: 'streamId',
    columns: { streamId: { type: 'text' }, events: { type: 'integer' }, outOfOrder: { type: 'integer' }, last: { type: 'text' } },
    indexes: { byEvents: ['events'] },
  },
  keysOf: (envelope) => [envelope.streamId],
  apply: (rows, { streamId, revision, position }) => {
    const row = rows.get(streamId) ?? { streamId, events: 0, outOfOrder: 0, last: '0' };
    rows.put({ streamId, events: row.events + 1, outOfOrder: row.outOfOrder + (BigInt(row.events) === revision ? 0 : 1), last: position.toString() });
  },
});
