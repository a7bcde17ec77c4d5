/**
 * Thrown by `chinaCalendar` when the schedule file of the installed `chinese-days` package
 * cannot be loaded or is not in the shape this adapter was written for (a new major
 * version may change it): pin `chinese-days` to 1.x or update the adapter.
 */
export class HolidayDataFormatError extends Error {
  override readonly name = 'HolidayDataFormatError';
  /** The file that was read. */
  readonly file: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}; pin chinese-days to a 1.x version or update the China calendar adapter`);
    this.file = file;
  }
}

/** True when `e` is a {@link HolidayDataFormatError}. */
export const isHolidayDataFormatError = (e: unknown): e is HolidayDataFormatError => e instanceof HolidayDataFormatError;
