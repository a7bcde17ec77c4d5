import { isWorkingDayNumber, type CompiledCalendar } from './compiledCalendar.js';
import type { DurationUnit } from './duration.js';
import type { Interval } from './interval.js';
import { requireInstant } from './instant.js';
import { DAY_MS } from './time.js';

/** A half-open span `[from, to)` of local milliseconds (UTC milliseconds + the calendar's offset). */
export type Span = readonly [from: number, to: number];

/**
 * Pauses as local spans, sorted, with overlapping or touching ones merged and empty ones
 * dropped, so time covered by several pauses is left out once.
 */
export const localPauses = (calendar: CompiledCalendar, pauses: readonly Interval[]): Span[] => {
  const spans = pauses
    .map((pause, i): Span => [
      requireInstant(`pauses[${i}].from`, pause.from) + calendar.offsetMs,
      requireInstant(`pauses[${i}].to`, pause.to) + calendar.offsetMs,
    ])
    .filter(([from, to]) => from < to)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
};

/**
 * Visits, in time order, each piece of local time in `[from, until)` that `unit` counts on
 * `calendar`, with `pauses` (from {@link localPauses}) cut out, and stops as soon as
 * `visit` returns true. `until` may be `Infinity`: a decoded calendar always has more
 * working time ahead, so a visitor that stops once it has seen enough always ends.
 */
export const visitCountedPieces = (
  calendar: CompiledCalendar,
  unit: DurationUnit,
  from: number,
  until: number,
  pauses: readonly Span[],
  visit: (from: number, to: number) => boolean,
): void => {
  let nextPause = 0;
  const emit = (start: number, end: number): boolean => {
    const a = Math.max(start, from);
    const b = Math.min(end, until);
    if (a >= b) return false;
    while (nextPause < pauses.length && (pauses[nextPause] as Span)[1] <= a) nextPause++;
    let cursor = a;
    for (let i = nextPause; cursor < b; i++) {
      const pause = pauses[i];
      if (pause === undefined || pause[0] >= b) return visit(cursor, b);
      if (pause[0] > cursor && visit(cursor, pause[0])) return true;
      cursor = Math.max(cursor, pause[1]);
    }
    return false;
  };
  if (unit === 'calendarDays') {
    emit(from, until);
    return;
  }
  const lastDay = Math.ceil(until / DAY_MS) - 1;
  for (let day = Math.floor(from / DAY_MS); day <= lastDay; day++) {
    if (!isWorkingDayNumber(calendar, day)) continue;
    const midnight = day * DAY_MS;
    if (unit === 'workingDays') {
      if (emit(midnight, midnight + DAY_MS)) return;
    } else {
      for (const [start, end] of calendar.periods) if (emit(midnight + start, midnight + end)) return;
    }
  }
};
