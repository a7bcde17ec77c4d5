import type { RowProjection, RowTable } from '@casefold/core';
import type { CounterEvent } from '@casefold/engine/testing';

/** One row per stream: its total and events (and, from version 2, its largest amount). */
export type StreamTotal = { readonly streamId: string; readonly total: number; readonly events: number; readonly largest?: number };

/**
 * The row projection of the row runner tests: each stream's total as a row (named `streamTotals`).
 * `failOn` makes apply throw on an event of that amount, after putting a row (a half-applied event);
 * `keysFailOn` makes keysOf throw on an event of that amount.
 */
export const streamTotals = (
  options: { readonly version?: number; readonly failOn?: number; readonly keysFailOn?: number; readonly touch?: string } = {},
): RowProjection<StreamTotal, CounterEvent> => {
  const version = options.version ?? 1;
  return {
    name: 'streamTotals',
    version,
    table: {
      key: 'streamId',
      // Version 2 adds a column: the table changes with the version.
      columns: { streamId: { type: 'text' }, total: { type: 'integer' }, events: { type: 'integer' }, ...(version >= 2 ? { largest: { type: 'integer' } } : {}) } as RowTable<StreamTotal>['columns'],
      indexes: { byTotal: ['total'] },
    },
    keysOf: ({ streamId, event }) => {
      if (event.data.amount === options.keysFailOn) throw new Error(`no keys for amount ${event.data.amount}`);
      return [streamId];
    },
    apply: (rows, { streamId, event }) => {
      const row = rows.get(streamId) ?? { streamId, total: 0, events: 0, ...(version >= 2 ? { largest: 0 } : {}) };
      const amount = event.data.amount;
      rows.put({ ...row, total: row.total + amount, events: row.events + 1, ...(version >= 2 ? { largest: Math.max(row.largest ?? 0, amount) } : {}) });
      if (amount === options.failOn) throw new Error(`amount ${amount} refused`);
      if (options.touch !== undefined) rows.get(options.touch);
    },
  };
};
