/**
 * Thrown by the calendar arithmetic when it is handed something no codec would have
 * accepted (a malformed instant, an impossible date, a calendar that does not decode).
 * Codecs never throw: decode first with `CalendarCodec`, `InstantCodec`, `IntervalCodec`.
 */
export class CalendarInputError extends Error {
  override readonly name = 'CalendarInputError';
  /** Which argument or field was wrong, e.g. `start` or `pauses[1].from`. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

/** True when `e` is a {@link CalendarInputError}. */
export const isCalendarInputError = (e: unknown): e is CalendarInputError => e instanceof CalendarInputError;
