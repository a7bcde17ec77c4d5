import { DAY_MS } from './time.js';

// Proleptic Gregorian date arithmetic on day numbers (days since 1970-01-01), after Howard
// Hinnant's public-domain `days_from_civil` / `civil_from_days`. Exact for every year and,
// unlike `Date.UTC`, reads years 0–99 literally; much faster than going through `Date`.

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in a 400-year Gregorian era. */
const ERA_DAYS = 146_097;
/** Day number of 0000-03-01, the start of era 0 in Hinnant's March-based years. */
const EPOCH_SHIFT = 719_468;

/** Number of days in month `month` (1–12) of the Gregorian year `year`. */
export const daysInMonth = (year: number, month: number): number => (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : (MONTH_DAYS[month - 1] ?? 0));

/** The day number of a Gregorian date (`month` 1–12, `day` 1–31; not range-checked). */
export const dayNumber = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * ERA_DAYS + dayOfEra - EPOCH_SHIFT;
};

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`);

/** The Gregorian date of a day number (Hinnant's `civil_from_days`). */
const civilFromDays = (dayNum: number): { readonly year: number; readonly month: number; readonly day: number } => {
  const z = dayNum + EPOCH_SHIFT;
  const era = Math.floor(z / ERA_DAYS);
  const dayOfEra = z - era * ERA_DAYS;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
};

/** The Gregorian year of a day number. */
export const yearOfDay = (dayNum: number): number => civilFromDays(dayNum).year;

/** The `YYYY-MM-DD` form of a day number (years 0–9999; others as `Date#toISOString` writes them). */
export const formatDayNumber = (dayNum: number): string => {
  const { year, month, day } = civilFromDays(dayNum);
  if (year < 0 || year > 9999) return new Date(dayNum * DAY_MS).toISOString().slice(0, -14);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
};
