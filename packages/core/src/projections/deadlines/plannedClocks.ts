import type { Calendar } from '../../calendar/calendar.js';
import { instantMillis } from '../../values/values.js';
import { type ClockBook, type ClockStatus, type RuleBook, clockStatuses } from '../shared/clockBook.js';

/** A case's clock as a deadline report reads it: its status when judged, and what of it moves with `now`. */
export interface PlannedClock {
  /** The clock's status when it was judged (for a moving clock, `remainingMs` and `breached` are of that moment: read {@link statusAt}). */
  readonly status: ClockStatus;
  /** Its due time in epoch ms; `null` when the calendar has no holiday data for its span. */
  readonly dueMs: number | null;
  /** Running, not paused, with a due time: its due time stays, its time left and breach move with `now`. */
  readonly moving: boolean;
}

/** Each calendar's judged clocks, by the record object holding them. */
const judged = new WeakMap<Calendar, WeakMap<object, readonly PlannedClock[]>>();

const judge = (clocks: ClockBook, rules: RuleBook, now: string, calendar: Calendar): PlannedClock[] =>
  clockStatuses(clocks, rules, now, calendar).map((status) => ({
    status,
    dueMs: status.dueAt === null ? null : instantMillis(status.dueAt),
    moving: status.dueAt !== null && status.stoppedAt === null && !status.paused,
  }));

/** Whether judged clocks' labels and bases are still those of their rules in `rules` (as `toClock` reads them). */
const sameRules = (clocks: readonly PlannedClock[], rules: RuleBook): boolean => {
  for (const { status } of clocks) {
    const info = rules[status.rule];
    if ((info?.label ?? status.rule) !== status.label || (info?.basis ?? '') !== status.basis) return false;
  }
  return true;
};

/**
 * A function judging a case record's clocks on `calendar` as of `now`, as `clockStatuses` judges
 * them, that remembers them by the record object (weakly) when none of its clocks is paused: the due time of a
 * clock that is not paused does not depend on `now`, so a report at another `now` reads the
 * remembered clocks with {@link statusAt} instead of running the calendar again. Records are
 * values (a read model replaces a case's record, never changes it in place: immer's are frozen,
 * the rows' are parsed once per row object); a case whose rule reads another label or basis
 * since is judged again. A paused clock's due time moves with `now`: such a case is judged
 * at every call.
 */
export const clockPlanner = (calendar: Calendar): ((record: { readonly clocks: ClockBook }, rules: RuleBook, now: string) => readonly PlannedClock[]) => {
  let byRecord = judged.get(calendar);
  if (byRecord === undefined) judged.set(calendar, (byRecord = new WeakMap()));
  const known = byRecord;
  return (record, rules, now) => {
    // Only a record without a paused clock is kept, and a record does not change: one found has none.
    const planned = known.get(record);
    if (planned !== undefined && sameRules(planned, rules)) return planned;
    const { clocks } = record;
    const judgedNow = judge(clocks, rules, now, calendar);
    if (judgedNow.every((clock) => !clock.status.paused)) known.set(record, judgedNow);
    return judgedNow;
  };
};

/** Whether a planned clock is breached at `nowMs` (`null` without a due time). */
export const breachedAt = (clock: PlannedClock, nowMs: number): boolean | null => (clock.dueMs === null ? null : clock.moving ? nowMs > clock.dueMs : clock.status.breached);

/** A planned clock's status at `nowMs`: exactly what `clockStatuses` gives at that instant. */
export const statusAt = (clock: PlannedClock, nowMs: number): ClockStatus =>
  // A moving clock has a due time, so its status is a due one.
  clock.moving && clock.dueMs !== null ? ({ ...clock.status, remainingMs: clock.dueMs - nowMs, breached: nowMs > clock.dueMs } as ClockStatus) : clock.status;
