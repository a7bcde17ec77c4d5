import { type BrokenLink, caseIdOfStream } from '@casefold/engine';
import { EXIT, type ExitCode } from '../cli/exitCodes.js';
import type { Output } from '../cli/output.js';

/**
 * Reports the first broken link of a hash chain (as `verify` and `replay --verify` do): the
 * stream and its case, the revision, the kind of tampering and what to do. Returns the exit
 * code of a failed check.
 */
export const reportBrokenLink = (output: Output, link: BrokenLink): ExitCode => {
  const caseId = caseIdOfStream(link.streamId);
  output.result({ ok: false, brokenLink: { ...link, caseId } });
  output.text(
    'VERIFICATION FAILED: a hash chain is broken.',
    `  stream:   ${link.streamId}${caseId === null ? '' : ` (case ${caseId})`}`,
    `  revision: ${link.revision}`,
    `  kind:     ${link.kind}`,
    `  detail:   ${link.message}`,
    'The events from this revision on cannot be trusted. Restore the database from a verified backup or export, and find out who changed it.',
  );
  return EXIT.checkFailed;
};
