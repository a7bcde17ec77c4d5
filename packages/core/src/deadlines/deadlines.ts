import { dueAt } from '../calendar/dueAt.js';
import type { Calendar } from '../calendar/calendar.js';
import type { CaseState, Clock } from '../decider/caseState.js';
import { instantMillis } from '../values/values.js';

/** A deadline as of a moment: its rule and legal basis, due time, time left, breach flag. */
export interface DeadlineStatus {
  readonly rule: string;
  readonly label: string;
  readonly basis: string;
  readonly startedAt: string;
  readonly dueAt: string;
  /** Milliseconds until due (negative once breached). */
  readonly remainingMs: number;
  readonly breached: boolean;
  readonly paused: boolean;
  /** Total extension granted, in the rule's unit. */
  readonly extendedBy: number;
  /** When the clock stopped (the duty was met or the case closed); `null` while running. */
  readonly stoppedAt: string | null;
  /** For a stopped clock: whether it stopped by its due time. */
  readonly metOnTime: boolean | null;
}

/** The due time of a clock: its rule's duration plus extensions, shifted by every pause up to `now`. */
export const clockDueAt = (clock: Clock, calendar: Calendar, now: string): string => {
  const pauses = clock.pausedSince === null ? clock.pauses : [...clock.pauses, { from: clock.pausedSince, to: now }];
  return dueAt(calendar, clock.startedAt, { amount: clock.rule.amount + clock.extendedBy, unit: clock.rule.unit }, pauses);
};

const statusOf = (clock: Clock, calendar: Calendar, now: string): DeadlineStatus => {
  const due = clockDueAt(clock, calendar, clock.stoppedAt ?? now);
  const dueMs = instantMillis(due);
  const endMs = instantMillis(clock.stoppedAt ?? now);
  return {
    rule: clock.rule.rule,
    label: clock.rule.label,
    basis: clock.rule.basis,
    startedAt: clock.startedAt,
    dueAt: due,
    remainingMs: dueMs - endMs,
    breached: endMs > dueMs,
    paused: clock.pausedSince !== null,
    extendedBy: clock.extendedBy,
    stoppedAt: clock.stoppedAt,
    metOnTime: clock.stoppedAt === null ? null : endMs <= dueMs,
  };
};

/**
 * Every running deadline of a case at `now`, computed from the history alone (so a replay
 * recomputes it exactly) in the jurisdiction's calendar.
 */
export const deadlines = (state: CaseState, now: string, calendar: Calendar): readonly DeadlineStatus[] =>
  Object.values(state.clocks)
    .filter((clock) => clock.stoppedAt === null)
    .map((clock) => statusOf(clock, calendar, now));

/** Every deadline the case ever had, running or stopped, with whether stopped ones were met in time. */
export const deadlineHistory = (state: CaseState, now: string, calendar: Calendar): readonly DeadlineStatus[] =>
  Object.values(state.clocks).map((clock) => statusOf(clock, calendar, now));
