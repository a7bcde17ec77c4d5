import type { Projection } from '@casefold/core';
import type { RecordedEvent } from '@casefold/engine';

/** A read model that any double-applied, skipped or reordered event would visibly change. */
export interface PerStreamState {
  readonly events: number;
  /** Sum of the positions folded, as a decimal string (JSON has no bigint). */
  readonly positionSum: string;
  readonly streams: Readonly<Record<string, number>>;
  /** Events whose revision was not the next one of their stream. */
  readonly outOfOrder: number;
}

/** Counts events per stream; folds raw recorded events (decode is the identity). */
export const perStreamProjection = (name: string): Projection<PerStreamState, RecordedEvent> => ({
  name,
  version: 1,
  initialState: { events: 0, positionSum: '0', streams: {}, outOfOrder: 0 },
  apply: (draft, envelope) => {
    const seen = draft.streams[envelope.streamId] ?? 0;
    if (BigInt(seen) !== envelope.revision) draft.outOfOrder += 1;
    draft.streams[envelope.streamId] = seen + 1;
    draft.events += 1;
    draft.positionSum = (BigInt(draft.positionSum) + envelope.position).toString();
  },
});
