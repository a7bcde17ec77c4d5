import { isDatabaseOpenError, isIncompatibleDatabaseError, isProjectionRecordCorruptError, isSchemaTooNewError } from '@casefold/engine';
import { isReportInputError, isStoredRowError } from '@casefold/core';
import { type RowModelError, isEventDecodeError, isProjectionApplyError, isProjectionConflictError, isRowModelError, isStoreClosedError, isStoreUnavailableError } from '@casefold/engine';
import { isDatabaseCorruptError, isDatabaseReadOnlyError, isDatabaseReplacedError } from '@casefold/sqlite';
import { isBadInputError, isOutputFileError, isStoreAccessError, isUsageError, isWriteInterruptedError } from './cliErrors.js';

/**
 * The exit codes of `casefold`, stable for scripts (documented in docs/cli.md).
 */
export const EXIT = {
  /** Everything worked. */
  ok: 0,
  /** A check failed: `verify`, `replay --verify` or `export` found a broken hash chain. */
  checkFailed: 1,
  /** The command line is wrong (unknown command or option, bad argument), or the output file it names cannot be written. */
  usage: 2,
  /** The input data is unusable (malformed NDJSON, unknown case id, an import that would break a chain). */
  badInput: 3,
  /**
   * The store cannot be used (missing, locked, full, unreachable, too new a schema, not a casefold
   * database, damaged, unreadable event or read-model row, a built-in row table dropped or changed, another command updating
   * the read model); no event was written.
   */
  store: 4,
  /** An unexpected internal error: a bug; please report it with the command line. */
  internal: 5,
  /** A command that writes events (`demo`, `import`) stopped part-way: the message says how many were written and how to finish. */
  interrupted: 6,
} as const;

/**
 * A row store's refusal of what it holds for a row projection (`RowModelError.inStore`), not of a
 * row model misused by code (a bad column value, a row put twice), which stays an internal error:
 * a table damaged behind its back ({@link isDamagedRowTableError}), or a name another projection
 * holds (an analyst's projection named like a built-in one, ignoring case).
 */
export const isRowStoreStateError = (error: unknown): error is RowModelError => isRowModelError(error) && error.inStore !== null;

/**
 * Of {@link isRowStoreStateError}, a table or rows changed behind the store's back (the table
 * missing while its checkpoint stays, a table whose columns, key or indexes are not the
 * definition's, a stored value the definition does not allow): the CLI's row projections are its
 * built-in ones, and `casefold replay` rebuilds their tables from the events.
 */
export const isDamagedRowTableError = (error: unknown): error is RowModelError => isRowStoreStateError(error) && error.inStore !== 'nameTaken';

/** One of the {@link EXIT} codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for an error thrown by a command. */
export const exitCodeOf = (error: unknown): ExitCode => {
  if (isUsageError(error) || isReportInputError(error) || isOutputFileError(error)) return EXIT.usage;
  if (isBadInputError(error)) return EXIT.badInput;
  if (isWriteInterruptedError(error)) return EXIT.interrupted;
  if (
    isStoreAccessError(error) ||
    isSchemaTooNewError(error) ||
    isIncompatibleDatabaseError(error) ||
    isDatabaseOpenError(error) ||
    isStoreUnavailableError(error) ||
    isStoreClosedError(error) ||
    isEventDecodeError(error) ||
    isProjectionRecordCorruptError(error) ||
    isProjectionConflictError(error) ||
    isStoredRowError(error) ||
    (isProjectionApplyError(error) && isStoredRowError(error.cause)) ||
    isRowStoreStateError(error) ||
    (isProjectionApplyError(error) && isRowStoreStateError(error.cause)) ||
    isDatabaseReadOnlyError(error) ||
    isDatabaseCorruptError(error) ||
    isDatabaseReplacedError(error)
  ) {
    return EXIT.store;
  }
  return EXIT.internal;
};
