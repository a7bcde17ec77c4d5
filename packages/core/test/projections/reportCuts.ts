import fc from 'fast-check';
import type { Calendar, DeadlineReport, Duration } from '@casefold/core';

/** The generated histories' kinds. */
export const KINDS = ['mediation', 'petition', 'gridEvent', 'legalAid', 'legalConsultation'] as const;

/** Due-soon windows of day, hour and calendar-day units. */
export const WINDOWS: readonly Duration[] = [
  { amount: 2, unit: 'workingDays' },
  { amount: 16, unit: 'workingHours' },
  { amount: 30, unit: 'calendarDays' },
];

/** The lists `listed` cuts. */
export const LISTS = ['dueSoon', 'breached', 'extended', 'withoutHolidayData', 'onTimeRecordedLate'] as const;

/** A report with each list cut to its first `listed` items (every item when `undefined`). */
export const cut = (report: DeadlineReport, listed: number | undefined): DeadlineReport =>
  listed === undefined ? report : { ...report, ...Object.fromEntries(LISTS.map((list) => [list, report[list].slice(0, listed)])) };

/** The same calendar as another object: a report on it judges every clock afresh (nothing judged before is found again). */
export const fresh = (c: Calendar): Calendar => ({ ...c });

/** Some minutes after the store's last event: often within hours (deadlines fall due soon), else up to 40 days on (breached). */
export const laterMinutes = fc.oneof(fc.nat({ max: 8 * 60 }), fc.nat({ max: 40 * 24 * 60 }));
