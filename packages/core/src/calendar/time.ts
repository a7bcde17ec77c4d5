/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;
/** One hour in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One day (24 h, no leap seconds, no DST) in milliseconds. */
export const DAY_MS = 86_400_000;
