const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** An ISO-8601 UTC instant as `YYYY-MM-DD HH:mm` in Beijing time (UTC+8, no daylight saving). */
export const beijingTime = (instant: string): string => new Date(Date.parse(instant) + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** A share (0–1) as a percentage with one decimal, as the pages show it; `–` when there is none. */
export const percent = (share: number | null): string => (share === null ? '–' : `${(share * 100).toFixed(1)}%`);

/** A length of time as whole days and hours, for the catalogue's duration words. */
export const daysAndHours = (ms: number): { readonly days: number; readonly hours: number } => {
  const hours = Math.floor(Math.abs(ms) / 3_600_000);
  return { days: Math.floor(hours / 24), hours: hours % 24 };
};
