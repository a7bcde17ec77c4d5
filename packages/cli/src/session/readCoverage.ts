import { formatCount } from '../cli/table.js';

/**
 * Why a whole-store read that ended at `reached` did not cover the store, whose last event
 * was at `until` when the command began; `null` when it did. A read of the whole store ends
 * early when a transaction that was still running holds it back (PostgreSQL keeps readers
 * from skipping events committed late, see docs/postgres.md): an audit must then say that
 * it saw less than everything.
 */
export const incompleteRead = (until: bigint, reached: bigint): string | null =>
  reached >= until
    ? null
    : `the read of the store ended at position ${formatCount(Number(reached))}, before its last event at position ${formatCount(Number(until))} ` +
      '(a transaction that was still running held it back)';

/** What to do about an {@link incompleteRead}. */
export const INCOMPLETE_READ_HINT = 'Run the command again when no write is in progress.';
