/**
 * Thrown by `chinaCalendar` when asked for years that neither the installed `chinese-days`
 * package nor the given `extraYears` have a holiday schedule for (the State Council
 * publishes each year's schedule late in the year before). Without it every weekday of
 * such a year would silently count as worked.
 */
export class HolidayDataMissingError extends Error {
  override readonly name = 'HolidayDataMissingError';
  /** The requested years that have no data. */
  readonly years: readonly number[];
  /** The years the installed data covers. */
  readonly covered: readonly number[];

  constructor(years: readonly number[], covered: readonly number[]) {
    const range = covered.length === 0 ? 'no years' : `${covered[0]}–${covered[covered.length - 1]}`;
    super(
      `chinese-days has no holiday schedule for ${years.join(', ')} (it covers ${range}); ` +
        'update the chinese-days package, or pass that year’s holidays and make-up working days as extraYears: [{ year, holidays, workdays }]',
    );
    this.years = years;
    this.covered = covered;
  }
}

/** True when `e` is a {@link HolidayDataMissingError}. */
export const isHolidayDataMissingError = (e: unknown): e is HolidayDataMissingError => e instanceof HolidayDataMissingError;
