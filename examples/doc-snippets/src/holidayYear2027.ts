import { dueAt, withHolidayYear } from '@casefold/core';
import { chinaCalendar } from '@casefold/engine';

/** A year's holiday table given as data before the holiday package carries it (docs/calendars.md). */
// #region holidayYear
const table2027 = { year: 2027, holidays: ['2027-01-01'], workdays: [] }; // New Year's Day; the notice's other days go in the same lists
export const calendar = withHolidayYear(chinaCalendar(), table2027); // or chinaCalendar({ extraYears: [table2027] })
export const due = dueAt(calendar, '2026-12-30T02:00:00.000Z', { amount: 3, unit: 'workingDays' });
// → Right('2027-01-05T16:00:00.000Z'): 31 Dec, then 4 and 5 Jan; 1 Jan is a holiday
// #endregion holidayYear
