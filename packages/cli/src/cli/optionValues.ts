import { localized } from '../i18n/localizedText.js';
import { UsageError } from './cliErrors.js';
import { shownValue } from './typedValue.js';

/** A whole-number option within bounds, or its default when absent. @throws UsageError */
export const integerOption = (name: string, value: string | undefined, fallback: number, bounds: { readonly min: number; readonly max: number }): number => {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value.replace(/_/g, '')) ? Number(value.replace(/_/g, '')) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < bounds.min || n > bounds.max) throw new UsageError(localized((m) => m.errors.wholeNumber(name, bounds.min, bounds.max, shownValue(value))));
  return n;
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;

/**
 * A date (`YYYY-MM-DD`, local midnight on the calendar; kept as given) or an ISO-8601 UTC
 * instant (normalised to milliseconds); checked to be a real day. @throws UsageError
 */
export const dateOption = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const millis = Date.parse(DATE.test(value) ? `${value}T00:00:00Z` : value);
  const real = !Number.isNaN(millis) && new Date(millis).toISOString().slice(0, 10) === value.slice(0, 10);
  if (!(DATE.test(value) || INSTANT.test(value)) || !real) throw new UsageError(localized((m) => m.errors.date(name, shownValue(value))));
  return DATE.test(value) ? value : new Date(millis).toISOString();
};

/** An ISO-8601 UTC instant option, normalised to milliseconds (e.g. `2025-12-31T08:00:00.000Z`). @throws UsageError */
export const instantOption = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const millis = Date.parse(value);
  // Date.parse rolls an impossible day or hour over (2025-02-30 → March 2nd): the instant must write back as given.
  const written = Number.isNaN(millis) ? '' : new Date(millis).toISOString();
  const real = written.slice(0, 16) === value.slice(0, 16) && (value.length <= 17 || written.slice(16, 19) === value.slice(16, 19));
  if (!INSTANT.test(value) || !real) throw new UsageError(localized((m) => m.errors.instant(name, shownValue(value))));
  return written;
};

/** A case kind option (a workflow id), one of `kinds`, or `undefined` when absent. @throws UsageError */
export const kindOption = (name: string, value: string | undefined, kinds: readonly string[]): string | undefined => {
  if (value === undefined || kinds.includes(value)) return value;
  throw new UsageError(localized((m) => m.errors.kind(name, kinds.join(', '), shownValue(value))));
};
