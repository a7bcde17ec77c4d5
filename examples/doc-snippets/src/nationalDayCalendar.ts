import type { Calendar } from '@casefold/core';

/** A calendar value written by hand: National Day 2026 and its make-up working days (docs/calendars.md). */
// #region calendar
export const calendar: Calendar = {
  id: 'cn-mainland',
  utcOffsetMinutes: 480, // local time = UTC + 8 h (Asia/Shanghai, no DST)
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'], // statutory rest days, on weekdays or any day
  workdays: ['2026-09-20', '2026-10-10'], // make-up working days (调休上班)
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
  coveredYears: [2026], // optional: the years whose lists are complete
};
// #endregion calendar
