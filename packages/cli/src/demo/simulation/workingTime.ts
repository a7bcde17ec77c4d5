import { type Calendar, isWorkingDay } from '@casefold/core';
import type { Prng } from './prng.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Local wall-clock parts of an instant on a calendar: the day number since the epoch and the minute of the day. */
const localParts = (calendar: Calendar, at: number): { readonly day: number; readonly minute: number } => {
  const local = at + calendar.utcOffsetMinutes * 60_000;
  const day = Math.floor(local / DAY_MS);
  return { day, minute: Math.floor((local - day * DAY_MS) / 60_000) };
};

const workingDays = new WeakMap<Calendar, Map<number, boolean>>();

/** Whether a local day number is a working day (memoised per calendar: the simulation asks often). */
const isWorkingDayNumber = (calendar: Calendar, day: number): boolean => {
  let known = workingDays.get(calendar);
  if (known === undefined) workingDays.set(calendar, (known = new Map()));
  let working = known.get(day);
  if (working === undefined) known.set(day, (working = isWorkingDay(calendar, new Date(day * DAY_MS).toISOString().slice(0, 10))));
  return working;
};

/** The instant of a local day number and minute of the day. */
const instantOf = (calendar: Calendar, day: number, minute: number): number => day * DAY_MS + minute * 60_000 - calendar.utcOffsetMinutes * 60_000;

/** Office hours of a working day, in local minutes: 09:00–17:00. */
const OPENS = 9 * 60;
const CLOSES = 17 * 60;

/**
 * A random moment of office hours on the first working day at or after `at` (the same day
 * if `at` is before closing time, later than `at`). Staff act in office hours; citizens
 * online at any hour.
 */
export const officeMoment = (calendar: Calendar, at: number, rng: Prng): number => {
  let { day, minute } = localParts(calendar, at);
  if (minute >= CLOSES - 5) {
    day += 1;
    minute = 0;
  }
  while (!isWorkingDayNumber(calendar, day)) {
    day += 1;
    minute = 0;
  }
  const from = Math.max(minute, OPENS);
  return instantOf(calendar, day, rng.int(from, CLOSES - 5));
};

/** A moment `days` (fractional allowed) after `at`, moved into office hours. */
export const officeMomentAfter = (calendar: Calendar, at: number, days: number, rng: Prng): number => officeMoment(calendar, at + days * DAY_MS, rng);

/** The first instant of the local year on a calendar, and the first of the next. */
export const yearBounds = (calendar: Calendar, year: number): { readonly start: number; readonly end: number } => ({
  start: instantOf(calendar, Date.UTC(year, 0, 1) / DAY_MS, 0),
  end: instantOf(calendar, Date.UTC(year + 1, 0, 1) / DAY_MS, 0),
});

export { DAY_MS, HOUR_MS };
