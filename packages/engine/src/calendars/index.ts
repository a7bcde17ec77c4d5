export { CHINA_WORKING_HOURS, chinaCalendar, chinaHolidayYears, type ChinaCalendarOptions } from './chinaCalendar.js';
export { HolidayDataFormatError, isHolidayDataFormatError } from './holidayDataFormatError.js';
export { HolidayDataMissingError, isHolidayDataMissingError } from './holidayDataMissingError.js';
