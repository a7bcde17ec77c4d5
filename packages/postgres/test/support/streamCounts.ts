import type { RowProjection } from '@casefold/core';

/** One row per stream: how many `Count` events it folded, their sum, and the position of the last. */
export type StreamCount = { readonly streamId: string; readonly count: number; readonly sum: number; readonly last: string };

/** Counts and sums each stream's `Count` values as rows (named `streamCounts`). */
export const streamCounts: RowProjection<StreamCount, { value: number }> = {
  name: 'streamCounts',
  version: 1,
  table: {
    key: 'streamId',
    columns: { streamId: { type: 'text' }, count: { type: 'integer' }, sum: { type: 'integer' }, last: { type: 'text' } },
    indexes: {},
  },
  keysOf: (envelope) => [envelope.streamId],
  apply: (rows, { streamId, position, event }) => {
    const row = rows.get(streamId) ?? { streamId, count: 0, sum: 0, last: '0' };
    rows.put({ streamId, count: row.count + 1, sum: row.sum + event.value, last: position.toString() });
  },
};
