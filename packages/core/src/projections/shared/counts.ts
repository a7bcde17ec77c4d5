/** Counts by key; a key with a zero count is absent, so a state stays small and equal states compare equal. */
export type Counts = Readonly<Record<string, number>>;

/** Adds `by` (may be negative) to the count of `key`, dropping the key when it reaches zero. */
export const addCount = (counts: Record<string, number>, key: string, by = 1): void => {
  const next = (counts[key] ?? 0) + by;
  if (next === 0) delete counts[key];
  else counts[key] = next;
};

/** Moves one item from bucket `from` to bucket `to` (nothing happens when they are equal). */
export const moveCount = (counts: Record<string, number>, from: string, to: string): void => {
  if (from === to) return;
  addCount(counts, from, -1);
  addCount(counts, to, 1);
};

/** `part ÷ whole`, or `null` when there is nothing to divide by. */
export const share = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
