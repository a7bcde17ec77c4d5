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
  if (pauses.length === 0) return [];
  const spans = pauses
    .map((pause, i): Span => [requireInstant(`pauses[${i}].from`, pause.from) + calendar.offsetMs, requireInstant(`pauses[${i}].to`, pause.to) + calendar.offsetMs])
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

/** What a walk over counted time reports to; see {@link visitCountedPieces}. */
export interface CountedTimeVisitor {
  /**
   * Offered a working day that lies wholly in the walk, untouched by pauses, with the
   * time it counts: return true to take it whole, false to be shown its pieces instead.
   */
  readonly wholeDay: (counted: number) => boolean;
  /** One piece `[from, to)` of counted time; return true to stop the walk. */
  readonly piece: (from: number, to: number) => boolean;
}

/**
 * Walks, in time order, the local time in `[from, until)` that `unit` counts on
 * `calendar`, with `pauses` (from {@link localPauses}) cut out, until the visitor stops it.
 * `until` may be `Infinity`: a decoded calendar always has more working time ahead, so a
 * visitor that stops once it has seen enough always ends.
 */
export const visitCountedPieces = (calendar: CompiledCalendar, unit: DurationUnit, from: number, until: number, pauses: readonly Span[], visitor: CountedTimeVisitor): void => {
  let nextPause = 0;
  const skipEndedPauses = (at: number): void => {
    while (nextPause < pauses.length && (pauses[nextPause] as Span)[1] <= at) nextPause++;
  };
  const emit = (start: number, end: number): boolean => {
    const a = Math.max(start, from);
    const b = Math.min(end, until);
    if (a >= b) return false;
    skipEndedPauses(a);
    let cursor = a;
    for (let i = nextPause; cursor < b; i++) {
      const pause = pauses[i];
      if (pause === undefined || pause[0] >= b) return visitor.piece(cursor, b);
      if (pause[0] > cursor && visitor.piece(cursor, pause[0])) return true;
      cursor = Math.max(cursor, pause[1]);
    }
    return false;
  };
  if (unit === 'calendarDays') {
    emit(from, until);
    return;
  }
  const counted = unit === 'workingDays' ? DAY_MS : calendar.workingMsPerDay;
  const lastDay = Math.ceil(until / DAY_MS) - 1;
  for (let day = Math.floor(from / DAY_MS); day <= lastDay; day++) {
    if (!isWorkingDayNumber(calendar, day)) continue;
    const midnight = day * DAY_MS;
    if (midnight >= from && midnight + DAY_MS <= until) {
      skipEndedPauses(midnight);
      const pause = pauses[nextPause];
      if ((pause === undefined || pause[0] >= midnight + DAY_MS) && visitor.wholeDay(counted)) continue;
    }
    if (unit === 'workingDays') {
      if (emit(midnight, midnight + DAY_MS)) return;
    } else {
      for (const [start, end] of calendar.periods) if (emit(midnight + start, midnight + end)) return;
    }
  }
};
