import { WriteInterruptedError, isWriteInterruptedError } from '../cli/cliErrors.js';
import { storeFailureOf } from '../cli/storeFailure.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import { localized } from '../i18n/localizedText.js';

/**
 * The error to report for a failure of a command that writes events, once `written` of them
 * were committed: the failure as it is when none were (so its message may say nothing was
 * changed), otherwise a {@link WriteInterruptedError} that says, in each language, how many
 * were written, why it stopped and how to finish (`resume`).
 */
export const afterWrites = (command: string, written: number, error: unknown, resume: (messages: CliMessages) => string): unknown => {
  if (written === 0 || isWriteInterruptedError(error)) return error;
  return new WriteInterruptedError(
    command,
    written,
    localized((m) => {
      const failure = storeFailureOf(error, m);
      return `${failure.reason}${failure.server ? m.output.maybeStored : m.output.notKept}`;
    }),
    localized((m) => m.output.resume(m.output.storedWhole(written), storeFailureOf(error, m).hint, resume(m))),
    { cause: error },
  );
};
