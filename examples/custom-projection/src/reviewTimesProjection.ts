// #region projection
import { type AnyCaseEvent, type Projection, isLifecycleEvent } from '@casefold/core';

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
  /** Cases submitted and not reviewed yet, by stream id: their channel and submission time. */
  readonly waiting: Readonly<Record<string, { readonly channel: string; readonly submittedAt: string }>>;
  readonly byChannel: Readonly<Record<string, ChannelReviews>>;
}

const EMPTY: ChannelReviews = { submitted: 0, reviewed: 0, rejected: 0, reviewMinutes: 0, withinADay: 0 };
const DAY_MINUTES = 24 * 60;

/**
 * An analyst's projection: how fast each intake channel's requests are reviewed (the
 * source's "unreviewed → reviewed within 3 days" duty). Only submissions still waiting for
 * review are kept per case, so the state stays small. It reads every case kind's events and
 * counts the shared lifecycle's `Submitted` and `Reviewed`. Version 1.
 */
export const reviewTimesProjection: Projection<ReviewTimesState, AnyCaseEvent> = {
  name: 'analyst.reviewTimes', // unique in the projection store
  version: 1, // bump it when apply or the state shape changes: the runner rebuilds
  initialState: { waiting: {}, byChannel: {} },
  apply: (draft, { streamId, event }) => {
    if (!isLifecycleEvent(event)) return; // a kind's own events (a petition's, a grid event's…) say nothing of review
    if (event.type === 'Submitted') {
      const channel = event.data.channel;
      draft.waiting[streamId] = { channel, submittedAt: event.meta.occurredAt };
      const figures = (draft.byChannel[channel] ??= { ...EMPTY });
      figures.submitted += 1;
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
