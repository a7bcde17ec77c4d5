import * as E from 'fp-ts/lib/Either.js';
import { dueAt } from '../calendar/dueAt.js';
import type { Calendar } from '../calendar/calendar.js';
import type { HolidayDataMissing } from '../calendar/holidayDataMissing.js';
import type { CaseState, Clock } from '../decider/caseState.js';
import { instantMillis } from '../values/values.js';

/** What is known of a deadline whatever the calendar: its rule and legal basis, and its clock. */
interface DeadlineFacts {
  readonly rule: string;
  readonly label: string;
  readonly basis: string;
  readonly startedAt: string;
  readonly paused: boolean;
  /** Total extension granted, in the rule's unit. */
  readonly extendedBy: number;
  /** When the clock stopped (the duty was met or the case closed); `null` while running. */
  readonly stoppedAt: string | null;
}

/** A deadline as of a moment, with its due time, time left and breach flag. */
export interface DeadlineDue extends DeadlineFacts {
  readonly dueAt: string;
  /** Milliseconds until due (negative once breached). */
  readonly remainingMs: number;
  readonly breached: boolean;
  /** For a stopped clock: whether it stopped by its due time. */
  readonly metOnTime: boolean | null;
  readonly holidayDataMissing: null;
}

/**
 * A deadline whose due time cannot be computed: its span reaches a year the calendar has
 * no holiday data for (see `Calendar.coveredYears`). Whether it is breached or was met is
 * unknown too, never guessed.
 */
export interface DeadlineWithoutHolidayData extends DeadlineFacts {
  readonly dueAt: null;
  readonly remainingMs: null;
  readonly breached: null;
  readonly metOnTime: null;
  /** Which years lack data, with a message saying what to supply. */
  readonly holidayDataMissing: HolidayDataMissing;
}

/** A deadline as of a moment: due (`dueAt` a string) or not computable (`dueAt === null`). */
export type DeadlineStatus = DeadlineDue | DeadlineWithoutHolidayData;

/**
 * The due time of a clock: its rule's duration plus extensions, shifted by every pause up
 * to `now`; a `Left` when its span reaches a year the calendar has no holiday data for.
 */
export const clockDueAt = (clock: Clock, calendar: Calendar, now: string): E.Either<HolidayDataMissing, string> => {
  const pauses = clock.pausedSince === null ? clock.pauses : [...clock.pauses, { from: clock.pausedSince, to: now }];
  return dueAt(calendar, clock.startedAt, { amount: clock.rule.amount + clock.extendedBy, unit: clock.rule.unit }, pauses);
};

/** What a deadline's status adds to its facts, as of a moment. */
type DueFields = Omit<DeadlineDue, keyof DeadlineFacts> | Omit<DeadlineWithoutHolidayData, keyof DeadlineFacts>;

/**
 * A clock's status: its facts and `due`, written as one object literal. Not `{ ...facts, ...due }`:
 * V8 (Node 20) adds each property that follows a spread on a slow path, about 1.5 µs a property,
 * which made this function most of the cost of a case's statistics tally (docs/benchmarks.md).
 */
const statusWith = (clock: Clock, due: DueFields): DeadlineStatus =>
  ({
    rule: clock.rule.rule,
    label: clock.rule.label,
    basis: clock.rule.basis,
    startedAt: clock.startedAt,
    paused: clock.pausedSince !== null,
    extendedBy: clock.extendedBy,
    stoppedAt: clock.stoppedAt,
    dueAt: due.dueAt,
    remainingMs: due.remainingMs,
    breached: due.breached,
    metOnTime: due.metOnTime,
    holidayDataMissing: due.holidayDataMissing,
  }) as DeadlineStatus;

const statusOf = (clock: Clock, calendar: Calendar, now: string): DeadlineStatus => {
  const due = clockDueAt(clock, calendar, clock.stoppedAt ?? now);
  if (E.isLeft(due)) return statusWith(clock, { dueAt: null, remainingMs: null, breached: null, metOnTime: null, holidayDataMissing: due.left });
  const dueMs = instantMillis(due.right);
  const endMs = instantMillis(clock.stoppedAt ?? now);
  return statusWith(clock, {
    dueAt: due.right,
    remainingMs: dueMs - endMs,
    breached: endMs > dueMs,
    metOnTime: clock.stoppedAt === null ? null : endMs <= dueMs,
    holidayDataMissing: null,
  });
};

/**
 * Every running deadline of a case at `now`, computed from the history alone (so a replay
 * recomputes it exactly) in the jurisdiction's calendar. A deadline whose span reaches a
 * year without holiday data comes back as a {@link DeadlineWithoutHolidayData}.
 */
export const deadlines = (state: CaseState, now: string, calendar: Calendar): readonly DeadlineStatus[] =>
  Object.values(state.clocks)
    .filter((clock) => clock.stoppedAt === null)
    .map((clock) => statusOf(clock, calendar, now));

/** Every deadline the case ever had, running or stopped, with whether stopped ones were met in time. */
export const deadlineHistory = (state: CaseState, now: string, calendar: Calendar): readonly DeadlineStatus[] => Object.values(state.clocks).map((clock) => statusOf(clock, calendar, now));
