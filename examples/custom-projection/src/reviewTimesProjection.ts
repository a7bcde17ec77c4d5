// #region projection
import { type AnyCaseEvent, type Projection, isLifecycleEvent, shippedWorkflows } from '@casefold/core';

/** Review figures of one intake channel. */
export interface ChannelReviews {
  readonly submitted: number;
  readonly reviewed: number;
  readonly rejected: number;
  /** Sum over reviewed cases of the minutes from submission to review. */
  readonly reviewMinutes: number;
  /** Reviewed within 24 hours of submission. */
  readonly withinADay: number;
}

/** State of {@link reviewTimesProjection}: plain JSON. */
export interface ReviewTimesState {
  /** Open cases of a reviewed kind, submitted and not reviewed yet, by stream id: their channel and submission time. */
  readonly waiting: Readonly<Record<string, { readonly channel: string; readonly submittedAt: string }>>;
  readonly byChannel: Readonly<Record<string, ChannelReviews>>;
}

const EMPTY: ChannelReviews = { submitted: 0, reviewed: 0, rejected: 0, reviewMinutes: 0, withinADay: 0 };
const DAY_MINUTES = 24 * 60;

/**
 * The case kinds whose every request is reviewed (a `Review` that may accept it): a mediation
 * request, a petition. A legal consultation or a legal-aid application has no review step, and
 * a grid event's `Review` only turns a report away, so their submissions are not counted.
 */
export const REVIEWED_KINDS: ReadonlySet<string> = new Set(shippedWorkflows.filter((w) => w.transitions.some((t) => t.command === 'Review' && t.outcome === 'accepted')).map((w) => w.id));

/**
 * An analyst's projection: how fast each intake channel's requests are reviewed (the
 * source's "unreviewed → reviewed within 3 days" duty). It counts the shared lifecycle's
 * `Submitted` and `Reviewed` of the kinds in {@link REVIEWED_KINDS}. Only the cases still
 * waiting for review are kept per case: a case leaves `waiting` when it is reviewed or closed
 * (withdrawn or turned away before a review), so the state grows with the open cases, not
 * with the history. Version 2.
 */
export const reviewTimesProjection: Projection<ReviewTimesState, AnyCaseEvent> = {
  name: 'analyst.reviewTimes', // unique in the projection store
  version: 2, // bump it when apply or the state shape changes: the runner rebuilds
  initialState: { waiting: {}, byChannel: {} },
  apply: (draft, { streamId, event }) => {
    if (!isLifecycleEvent(event)) return; // a kind's own events (a petition's, a grid event's…) say nothing of review
    if (event.type === 'Submitted') {
      if (!REVIEWED_KINDS.has(event.meta.workflow.id)) return; // no review step: nothing to time
      const channel = event.data.channel;
      draft.waiting[streamId] = { channel, submittedAt: event.meta.occurredAt };
      const figures = (draft.byChannel[channel] ??= { ...EMPTY });
      figures.submitted += 1;
      return;
    }
    if (event.type === 'Closed') {
      delete draft.waiting[streamId]; // closed before a review: it stays counted as submitted, not reviewed
      return;
    }
    if (event.type !== 'Reviewed') return;
    const waiting = draft.waiting[streamId];
    if (waiting === undefined) return;
    const minutes = Math.round((Date.parse(event.meta.occurredAt) - Date.parse(waiting.submittedAt)) / 60_000);
    const figures = (draft.byChannel[waiting.channel] ??= { ...EMPTY });
    figures.reviewed += 1;
    figures.reviewMinutes += minutes;
    if (minutes <= DAY_MINUTES) figures.withinADay += 1;
    if (event.data.decision === 'rejected') figures.rejected += 1;
    delete draft.waiting[streamId];
  },
};
// #endregion projection
