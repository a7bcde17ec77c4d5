export { CalendarCodec, MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR, WorkingPeriodCodec, type Calendar, type WorkingPeriod } from './calendar.js';
export { CalendarInputError, isCalendarInputError } from './calendarInputError.js';
export { ClockTimeCodec, parseClockTime } from './clockTime.js';
export { countedTime } from './countedTime.js';
export { countingStart, dueAt, dueAtDetail, type DueAtResult } from './dueAt.js';
export {
  DurationCodec,
  DurationUnitCodec,
  MAX_DURATION_AMOUNT,
  unitMillis,
  type Duration,
  type DurationUnit,
} from './duration.js';
export type { HolidayDataMissing } from './holidayDataMissing.js';
export { HolidayYearCodec, withHolidayYear, type HolidayYear } from './holidayYear.js';
export { InstantCodec, formatInstant, parseInstant } from './instant.js';
export { IntervalCodec, type Interval } from './interval.js';
export { isWorkingDay } from './isWorkingDay.js';
export { LocalDateCodec, formatLocalDate, parseLocalDate } from './localDate.js';
export { toCalendar } from './toCalendar.js';
export { withExtraDays, type WithExtraDaysOptions } from './withExtraDays.js';
