import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR, type Calendar } from './calendar.js';
import { CalendarInputError } from './calendarInputError.js';
import { LocalDateCodec } from './localDate.js';
import { describeDecodeError, toCalendar } from './toCalendar.js';
import { withExtraDays } from './withExtraDays.js';

const HolidayYearShape = t.readonly(t.exact(t.type({ year: t.number, holidays: t.readonlyArray(LocalDateCodec), workdays: t.readonlyArray(LocalDateCodec) })), 'HolidayYear');
type HolidayYearShape = t.TypeOf<typeof HolidayYearShape>;

const outsideYear = (table: HolidayYearShape): t.ValidationError[] => {
  if (!Number.isInteger(table.year) || table.year < MIN_CALENDAR_YEAR || table.year > MAX_CALENDAR_YEAR) {
    return [{ value: table.year, context: [{ key: 'year', type: t.number, actual: table.year }], message: `expected a year from ${MIN_CALENDAR_YEAR} to ${MAX_CALENDAR_YEAR}, got ${table.year}` }];
  }
  const prefix = `${String(table.year).padStart(4, '0')}-`;
  return (['holidays', 'workdays'] as const).flatMap((field) =>
    table[field].flatMap((date, i) =>
      date.startsWith(prefix)
        ? []
        : [{ value: date, context: [{ key: `${field}.${i}`, type: LocalDateCodec, actual: date }], message: `${date} is not in ${table.year}; a table lists the days of its own year only` }],
    ),
  );
};

/**
 * Codec of one year's holiday table, as a government publishes it (for mainland China the
 * State Council's notice, usually in November of the year before): `year`, its statutory
 * rest days `holidays` and its make-up working days `workdays` (调休上班), all dates of that
 * year. Never throws.
 *
 * @example
 * const table2027 = { year: 2027, holidays: ['2027-01-01', …], workdays: ['2027-02-06', …] };
 */
export const HolidayYearCodec = new t.Type<HolidayYearShape, t.OutputOf<typeof HolidayYearShape>, unknown>(
  'HolidayYear',
  (u): u is HolidayYearShape => HolidayYearShape.is(u) && outsideYear(u).length === 0,
  (u, c) => {
    const decoded = HolidayYearShape.validate(u, c);
    if (E.isLeft(decoded)) return decoded;
    const problems = outsideYear(decoded.right);
    return problems.length === 0 ? decoded : t.failures(problems.map((p) => ({ ...p, context: [...c, ...p.context] })));
  },
  HolidayYearShape.encode,
);

/** One year's holidays and make-up working days: decode one with {@link HolidayYearCodec}. */
export type HolidayYear = t.TypeOf<typeof HolidayYearCodec>;

/**
 * `calendar` with a year's holiday table supplied as data: its days are added (they win
 * over the inherited lists, as with `withExtraDays`) and, when the calendar lists
 * `coveredYears`, the year joins them, so deadlines that reach it are computed instead of
 * refused as `HolidayDataMissing`. Throws a `CalendarInputError` when the table does not
 * decode with {@link HolidayYearCodec} (a date outside its year, a date given both as a
 * holiday and as a working day).
 */
export const withHolidayYear = (calendar: Calendar, table: HolidayYear): Calendar => {
  const decoded = HolidayYearCodec.decode(table);
  if (E.isLeft(decoded)) throw new CalendarInputError('holidayYear', decoded.left.map((error) => describeDecodeError(error, '(table)')).join('; '));
  const { year, holidays, workdays } = decoded.right;
  const withDays = withExtraDays(calendar, { holidays, workdays });
  const covered = calendar.coveredYears;
  return covered === undefined || covered.includes(year) ? withDays : toCalendar({ ...withDays, coveredYears: [...covered, year].sort((a, b) => a - b) });
};
