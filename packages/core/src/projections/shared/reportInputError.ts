import * as E from 'fp-ts/lib/Either.js';
import { parseInstant } from '../../calendar/instant.js';

/**
 * A report query was given an argument it cannot use (an instant that is not one, an
 * impossible date, a negative window). Nothing is computed; fix the named argument.
 */
export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
  /** The report and argument that were wrong, e.g. `deadlineReport: now`. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`${field}: ${problem}`);
    this.field = field;
  }
}

/** True when `e` is a {@link ReportInputError}. */
export const isReportInputError = (e: unknown): e is ReportInputError => e instanceof ReportInputError;

/** Checks that `value` is an ISO-8601 UTC instant, or throws a {@link ReportInputError} naming `field`. */
export const requireReportInstant = (field: string, value: string): string => {
  const parsed = parseInstant(value);
  if (E.isLeft(parsed)) throw new ReportInputError(field, parsed.left);
  return value;
};
