import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countedTime, formatInstant, formatLocalDate, unitMillis, withExtraDays, type Calendar, type DurationUnit, type Interval } from '../../src/calendar/index.js';
import { BASE, DAY, HOUR, MINUTE, QUARTER_MS, calendarArb, durationArb, instantMsArb, pausesArb, quarterMsArb, unitArb, dueAtDetailRight, dueAtRight } from './support/calendars.js';

const RUNS = { numRuns: 1000 };
const ms = (instant: string): number => Date.parse(instant);

/**
 * A slow, obviously-correct model of the rules: walk quarter-hour slots from the counting
 * start and count each slot the unit counts and no pause covers, until the amount is reached.
 * Valid when every instant and working-period bound lies on a quarter-hour.
 */
const modelDueAt = (calendar: Calendar, startMs: number, unit: DurationUnit, amount: number, pauses: readonly Interval[]): number => {
  const offset = calendar.utcOffsetMinutes * MINUTE;
  const working = (day: number): boolean => {
    const date = formatLocalDate(day);
    if (calendar.workdays.includes(date)) return true;
    if (calendar.holidays.includes(date)) return false;
    const weekday = new Date(day * DAY).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  };
  const minutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3));
  const inWorkingHours = (msOfDay: number): boolean => calendar.workingHours.some((p) => minutes(p.start) * MINUTE <= msOfDay && msOfDay < minutes(p.end) * MINUTE);
  const paused = (local: number): boolean => pauses.some((p) => ms(p.from) + offset <= local && local < ms(p.to) + offset);
  const startLocal = startMs + offset;
  let t = unit === 'workingHours' ? startLocal : (Math.floor(startLocal / DAY) + 1) * DAY;
  let counted = 0;
  while (counted < amount * (unit === 'workingHours' ? HOUR : DAY)) {
    const day = Math.floor(t / DAY);
    const counts = !paused(t) && (unit === 'calendarDays' || (working(day) && (unit === 'workingDays' || inWorkingHours(t - day * DAY))));
    if (counts) counted += QUARTER_MS;
    t += QUARTER_MS;
  }
  if (unit === 'calendarDays') {
    let last = Math.ceil(t / DAY) - 1;
    while (!working(last)) last++;
    t = (last + 1) * DAY;
  }
  return t - offset;
};

describe('dueAt agrees with a slot-by-slot model of the rules', () => {
  it('for all calendars, quarter-hour starts, durations and pauses', () => {
    const smallDuration = unitArb.chain((unit) => fc.integer({ min: 0, max: unit === 'workingHours' ? 30 : 8 }).map((amount) => ({ amount, unit })));
    fc.assert(
      fc.property(calendarArb, quarterMsArb, smallDuration, pausesArb(QUARTER_MS), (calendar, start, duration, pauses) => {
        expect(dueAtRight(calendar, formatInstant(start), duration, pauses)).toBe(formatInstant(modelDueAt(calendar, start, duration.unit, duration.amount, pauses)));
      }),
      RUNS,
    );
  });
});

describe('deadline laws', () => {
  it('a due time is never before its start', () => {
    fc.assert(
      fc.property(calendarArb, instantMsArb, durationArb, pausesArb(1), (calendar, start, duration, pauses) => {
        expect(ms(dueAtRight(calendar, formatInstant(start), duration, pauses))).toBeGreaterThanOrEqual(start);
      }),
      RUNS,
    );
  });

  it('adding a holiday never makes a deadline earlier', () => {
    fc.assert(
      fc.property(calendarArb, instantMsArb, durationArb, pausesArb(MINUTE), fc.integer({ min: 0, max: 90 }), (calendar, start, duration, pauses, holiday) => {
        const moreHolidays = withExtraDays(calendar, { holidays: [formatLocalDate(BASE / DAY + holiday)] });
        const before = ms(dueAtRight(calendar, formatInstant(start), duration, pauses));
        expect(ms(dueAtRight(moreHolidays, formatInstant(start), duration, pauses))).toBeGreaterThanOrEqual(before);
      }),
      RUNS,
    );
  });

  it('more duration is never earlier', () => {
    fc.assert(
      fc.property(calendarArb, instantMsArb, durationArb, fc.integer({ min: 0, max: 10 }), pausesArb(MINUTE), (calendar, start, duration, more, pauses) => {
        const shorter = ms(dueAtRight(calendar, formatInstant(start), duration, pauses));
        const longer = ms(dueAtRight(calendar, formatInstant(start), { ...duration, amount: duration.amount + more }, pauses));
        expect(longer).toBeGreaterThanOrEqual(shorter);
        if (more > 0 && duration.unit !== 'calendarDays') expect(longer).toBeGreaterThan(shorter);
      }),
      RUNS,
    );
  });

  it('one more pause is never earlier', () => {
    fc.assert(
      fc.property(calendarArb, instantMsArb, durationArb, pausesArb(MINUTE), pausesArb(MINUTE), (calendar, start, duration, some, more) => {
        const before = ms(dueAtRight(calendar, formatInstant(start), duration, some));
        expect(ms(dueAtRight(calendar, formatInstant(start), duration, [...some, ...more]))).toBeGreaterThanOrEqual(before);
      }),
      RUNS,
    );
  });

  it('a pause before the unpaused due time shifts it by exactly the counted time the pause covers', () => {
    fc.assert(
      fc.property(calendarArb, instantMsArb, durationArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (calendar, start, duration, a, b) => {
        const unpaused = dueAtDetailRight(calendar, formatInstant(start), duration);
        const [counting, end] = [ms(unpaused.countingStartsAt), ms(unpaused.countedUntil)];
        const [from, to] = [a, b].sort().map((f) => Math.round(counting + f * (end - counting))) as [number, number];
        const pause = { from: formatInstant(from), to: formatInstant(to) };
        const paused = dueAtDetailRight(calendar, formatInstant(start), duration, [pause]);
        const shift = countedTime(calendar, duration.unit, unpaused.countedUntil, paused.countedUntil);
        expect(shift).toBe(countedTime(calendar, duration.unit, pause.from, pause.to));
        if (duration.unit !== 'calendarDays') expect(paused.dueAt).toBe(paused.countedUntil);
      }),
      RUNS,
    );
  });

  it('overlapping pauses count once: any pauses give the same deadline as their union, in any order', () => {
    fc.assert(
      fc.property(calendarArb, instantMsArb, durationArb, pausesArb(MINUTE), (calendar, start, duration, pauses) => {
        const sorted = [...pauses].sort((x, y) => ms(x.from) - ms(y.from));
        const union: Interval[] = [];
        for (const pause of sorted.filter((p) => ms(p.from) < ms(p.to))) {
          const last = union[union.length - 1];
          if (last !== undefined && ms(pause.from) <= ms(last.to)) {
            union[union.length - 1] = { from: last.from, to: formatInstant(Math.max(ms(last.to), ms(pause.to))) };
          } else union.push(pause);
        }
        const expected = dueAtRight(calendar, formatInstant(start), duration, union);
        expect(dueAtRight(calendar, formatInstant(start), duration, pauses)).toBe(expected);
        expect(dueAtRight(calendar, formatInstant(start), duration, [...pauses].reverse())).toBe(expected);
      }),
      RUNS,
    );
  });

  it('without pauses, exactly the amount is counted between counting start and counted end', () => {
    fc.assert(
      fc.property(calendarArb, instantMsArb, durationArb, (calendar, start, duration) => {
        const detail = dueAtDetailRight(calendar, formatInstant(start), duration);
        expect(countedTime(calendar, duration.unit, detail.countingStartsAt, detail.countedUntil)).toBe(duration.amount * unitMillis(duration.unit));
      }),
      RUNS,
    );
  });

  it('without pauses, day deadlines fall at local 24:00 and a calendar-day deadline’s last day is a working day', () => {
    fc.assert(
      fc.property(calendarArb, instantMsArb, durationArb, (calendar, start, duration) => {
        const due = ms(dueAtRight(calendar, formatInstant(start), duration)) + calendar.utcOffsetMinutes * MINUTE;
        if (duration.unit === 'workingHours') return;
        expect(due % DAY).toBe(0);
        if (duration.unit === 'calendarDays' || duration.amount > 0) {
          const lastDay = formatInstant(due - DAY).slice(0, 10);
          const weekday = new Date(due - DAY).getUTCDay();
          const working = calendar.workdays.includes(lastDay) || (!calendar.holidays.includes(lastDay) && weekday >= 1 && weekday <= 5);
          expect(working).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('counted time is additive over adjacent ranges', () => {
    fc.assert(
      fc.property(calendarArb, unitArb, instantMsArb, instantMsArb, instantMsArb, (calendar, unit, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q).map(formatInstant) as [string, string, string];
        expect(countedTime(calendar, unit, a, c)).toBe(countedTime(calendar, unit, a, b) + countedTime(calendar, unit, b, c));
      }),
      RUNS,
    );
  });
});
