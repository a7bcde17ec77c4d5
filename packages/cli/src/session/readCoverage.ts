import { formatCount } from '../cli/table.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import { en } from '../i18n/en.js';

/**
 * Why a whole-store read that ended at `reached` did not cover the store, whose last event
 * was at `until` when the command began; `null` when it did. A read of the whole store ends
 * early when a transaction that was still running holds it back (PostgreSQL keeps readers
 * from skipping events committed late, see docs/postgres.md): an audit must then say that
 * it saw less than everything. In the catalogue's language (English by default).
 */
export const incompleteRead = (until: bigint, reached: bigint, messages: CliMessages = en): string | null =>
  reached >= until ? null : messages.verify.incompleteRead(formatCount(Number(reached)), formatCount(Number(until)));
