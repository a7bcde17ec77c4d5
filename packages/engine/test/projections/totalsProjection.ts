import type { Projection } from '@casefold/core';
import type { CounterEvent } from '@casefold/engine/testing';

/** The test projection of the runner tests: each stream's total, and how many events were applied. */
export interface Totals {
  readonly byStream: Readonly<Record<string, number>>;
  readonly applied: number;
}

/** Sums the counter events' amounts per stream (named `totals`, at `version`). */
export const totals = (version = 1): Projection<Totals, CounterEvent> => ({
  name: 'totals',
  version,
  initialState: { byStream: {}, applied: 0 },
  apply: (draft, { streamId, event }) => {
    draft.byStream[streamId] = (draft.byStream[streamId] ?? 0) + event.data.amount;
    draft.applied += 1;
  },
});
