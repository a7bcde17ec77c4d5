import { type AnyCaseEvent, type RowCursor, type RowProjection, type RowQuery, isLifecycleEvent } from '@casefold/core';

// #region rows
/** A case waiting for review: submitted, neither reviewed nor closed yet. */
export type ReviewQueueRow = {
  /** The key: the case's stream. */
  readonly streamId: string;
  readonly caseId: string;
  readonly channel: string;
  /** When it was submitted (ISO-8601 UTC, so text order is time order). */
  readonly submittedAt: string;
};

/**
 * The review queue as rows: one row per case still waiting for review (the source's
 * "unreviewed → reviewed within 3 days" duty), put by its `Submitted`, removed by its
 * `Reviewed` or `Closed`. The table holds the waiting cases only, however many were ever
 * submitted, and a page of a channel's queue, oldest first, is read from the `byChannel` index.
 */
export const reviewQueueRows: RowProjection<ReviewQueueRow, AnyCaseEvent> = {
  name: 'analystReviewQueue', // an identifier: the table is rows_analystReviewQueue
  version: 1, // bump it when apply or the columns change: the runner drops the table and rebuilds it
  table: {
    key: 'streamId',
    columns: {
      streamId: { type: 'text' },
      caseId: { type: 'text' },
      channel: { type: 'text' },
      submittedAt: { type: 'text' },
    },
    indexes: { byChannel: ['channel', 'submittedAt'], bySubmitted: ['submittedAt'] },
  },
  // The rows apply may read or change for this event: its case's, for the three events that move the queue.
  keysOf: ({ streamId, event }) => (isLifecycleEvent(event) && (event.type === 'Submitted' || event.type === 'Reviewed' || event.type === 'Closed') ? [streamId] : []),
  apply: (rows, { streamId, event }) => {
    if (!isLifecycleEvent(event)) return;
    if (event.type === 'Submitted') rows.put({ streamId, caseId: event.data.caseId, channel: event.data.channel, submittedAt: event.meta.occurredAt });
    else rows.remove(streamId); // Reviewed or Closed: no longer waiting (removing a row that is gone does nothing)
  },
};
// #endregion rows

// #region query
/** One page of the cases waiting for review, oldest first: of one channel, or of all. Pass the page's `next` as `after` for the next page. */
export const waitingForReview = (options: { readonly channel?: string; readonly limit: number; readonly after?: RowCursor }): RowQuery<ReviewQueueRow> => ({
  ...(options.channel === undefined ? {} : { where: { channel: options.channel } }), // byChannel: the channel, then the sort
  orderBy: ['submittedAt'], // then the key, always
  limit: options.limit, // 1 to 10,000
  ...(options.after === undefined ? {} : { after: options.after }),
});
// #endregion query
