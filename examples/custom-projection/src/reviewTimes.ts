import type { ReviewTimesState } from './reviewTimesProjection.js';

/** One row of the review-times report. */
export interface ReviewTimesRow {
  readonly channel: string;
  /** Requests of the kinds that are reviewed (`REVIEWED_KINDS`). */
  readonly submitted: number;
  readonly reviewed: number;
  /** Submitted but not reviewed: still waiting, or closed first (withdrawn, turned away). */
  readonly notReviewed: number;
  /** Mean hours from submission to review; `null` when none was reviewed. */
  readonly meanHours: number | null;
  /** Share of reviews done within 24 hours; `null` when none was reviewed. */
  readonly withinADayShare: number | null;
  readonly rejected: number;
}

/** The report: one row per channel, busiest first. */
// #region query
export const reviewTimes = (state: ReviewTimesState): ReviewTimesRow[] =>
  Object.entries(state.byChannel)
    .map(([channel, f]) => ({
      channel,
      submitted: f.submitted,
      reviewed: f.reviewed,
      notReviewed: f.submitted - f.reviewed,
      meanHours: f.reviewed === 0 ? null : f.reviewMinutes / f.reviewed / 60,
      withinADayShare: f.reviewed === 0 ? null : f.withinADay / f.reviewed,
      rejected: f.rejected,
    }))
    .sort((a, b) => b.submitted - a.submitted || a.channel.localeCompare(b.channel));
// #endregion query
