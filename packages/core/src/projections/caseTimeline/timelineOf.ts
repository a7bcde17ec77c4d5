import type { Draft } from 'immer';
import type { Calendar } from '../../calendar/calendar.js';
import { type ClockBook, type ClockStatus, applyClockChange, clockStatuses, rulesOf } from '../shared/clockBook.js';
import { getIn } from '../shared/shardedRecord.js';
import type { CaseTimelineState, TimelineEntry } from './caseTimelineProjection.js';

/** One event of a timeline with the case's deadlines right after it. */
export interface TimelineItem extends Omit<TimelineEntry, 'clocks'> {
  /** Rules whose clocks this event started. */
  readonly started: readonly string[];
  /** Rules whose clocks this event stopped. */
  readonly stopped: readonly string[];
  /**
   * Every clock of the case after this event, running or stopped, as of the event's time; a
   * clock stopped by an event recorded late carries `stopRecordedAt`, and `onTimeRecordedLate`
   * when it was met on time only by the stop's date ("on time, recorded late").
   */
  readonly deadlines: readonly ClockStatus[];
}

/** A case's whole timeline. */
export interface CaseTimeline {
  readonly caseId: string;
  /** The case kind (workflow id) and the version of its workflow. */
  readonly kind: string;
  readonly workflowVersion: number;
  readonly items: readonly TimelineItem[];
}

/**
 * The timeline of one case with due times on `calendar`: after each event, every clock
 * as of that event (due time, time left, breached, paused, extended, met on time, and met
 * on time only by a stop recorded late); an event recorded late carries its `recordedAt`. The
 * clocks are replayed from the stored changes, with the decider's semantics. `null` for
 * a case the projection has not seen.
 */
export const timelineOf = (state: CaseTimelineState, caseId: string, calendar: Calendar): CaseTimeline | null => {
  const record = getIn(state.cases, caseId);
  if (record === undefined) return null;
  const { kind, workflowVersion } = record;
  const rules = rulesOf(state.rules, { id: kind, version: workflowVersion });
  const book: Draft<ClockBook> = {};
  const items = record.entries.map(({ clocks: change, ...entry }): TimelineItem => {
    if (change !== undefined) applyClockChange(book, change, entry.occurredAt, entry.recordedAt ?? null);
    return {
      ...entry,
      started: (change?.started ?? []).map((s) => s.rule),
      stopped: [...(change?.stopped ?? [])],
      deadlines: clockStatuses(book, rules, entry.occurredAt, calendar),
    };
  });
  return { caseId, kind, workflowVersion, items };
};
