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
  const m = output.messages.verify;
  output.result({ ok: false, brokenLink: { ...link, caseId } });
  output.text(m.broken(link.kind), m.stream(link.streamId, caseId), m.revision(String(link.revision)), m.kind(link.kind), m.detail(link), m.brokenAdvice);
  return EXIT.checkFailed;
};
