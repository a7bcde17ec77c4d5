import type { Calendar } from './calendar.js';
import { toCalendar } from './toCalendar.js';

/** Days a jurisdiction adds to a calendar it inherits, and optionally a new id. */
export interface WithExtraDaysOptions {
  readonly id?: string;
  /** Extra rest days (`YYYY-MM-DD`); such a day stops being a make-up working day. */
  readonly holidays?: readonly string[];
  /** Extra working days (`YYYY-MM-DD`); such a day stops being a holiday. */
  readonly workdays?: readonly string[];
}

const merge = (base: readonly string[], removed: readonly string[], added: readonly string[]): string[] => {
  const drop = new Set(removed);
  return [...new Set([...base.filter((date) => !drop.has(date)), ...added])].sort();
};

/**
 * `calendar` with a jurisdiction's own days added: the extra days win over the inherited
 * lists, and both lists come back sorted without repeats. Throws a `CalendarInputError`
 * when an extra date is not a real date or is given both as a holiday and as a working day.
 */
export const withExtraDays = (calendar: Calendar, extra: WithExtraDaysOptions): Calendar => {
  const holidays = extra.holidays ?? [];
  const workdays = extra.workdays ?? [];
  return toCalendar({
    ...calendar,
    id: extra.id ?? calendar.id,
    holidays: merge(calendar.holidays, workdays, holidays),
    workdays: merge(calendar.workdays, holidays, workdays),
  });
};
