import { WriteInterruptedError, isWriteInterruptedError } from '../cli/cliErrors.js';
import { formatCount } from '../cli/table.js';
import { storeFailureOf } from '../cli/storeFailure.js';

/**
 * The error to report for a failure of a command that writes events, once `written` of them
 * were committed: the failure as it is when none were (so its message may say nothing was
 * changed), otherwise a {@link WriteInterruptedError} that says how many were written, why it
 * stopped and how to finish (`resume`).
 */
export const afterWrites = (command: string, written: number, error: unknown, resume: string): unknown => {
  if (written === 0 || isWriteInterruptedError(error)) return error;
  const failure = storeFailureOf(error);
  const inFlight = failure.server
    ? ` (the append in progress was not acknowledged; if the connection broke during its commit, the server may have stored it all the same)`
    : '; the append in progress was not kept';
  return new WriteInterruptedError(
    command,
    written,
    `${failure.reason}${inFlight}`,
    `${written === 1 ? 'The event written is stored whole, with its hash chain' : `The ${formatCount(written)} events written are stored whole, with their hash chains`}. ${failure.hint}; ${resume}`,
    { cause: error },
  );
};
