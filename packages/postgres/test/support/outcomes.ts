import type { AppendResult } from '@casefold/engine';

/** Settles every promise, keeping each outcome (a result or the error) in call order. */
export const outcomes = (appends: ReadonlyArray<Promise<AppendResult>>): Promise<unknown[]> =>
  Promise.all(
    appends.map((p) =>
      p.then(
        (r) => r,
        (e: unknown) => e,
      ),
    ),
  );
