import { shippedWorkflows } from '@casefold/core';
import { type EvidenceRefusal, type StreamLeaf, buildEvidenceBundle, caseStreamId, evidenceBundleText } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { BadInputError, UsageError } from '../cli/cliErrors.js';
import type { CommandContext } from '../cli/command.js';
import { EXIT, type ExitCode } from '../cli/exitCodes.js';
import type { Output } from '../cli/output.js';
import { fileNameArgument } from '../cli/typedValue.js';
import { writeFileWhole } from '../cli/commandFiles.js';
import { readCheckpointFiles } from '../commands/checkpoint.js';
import { providersOf } from '../commands/checkpointAlgorithms.js';
import { noteDisclosure, personalDataInExport } from '../commands/exportPersonalData.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import { localized } from '../i18n/localizedText.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';

/** Where the openings of a redacted bundle's commitments go: beside the bundle, readable by its owner only. */
export const openingsFileOf = (bundleFile: string): string => `${bundleFile}.openings`;

/** A refusal to make a bundle: a stream that no longer holds what the checkpoint committed to is a failed check (exit 1), the rest bad input (exit 3). */
const refuse = (output: Output, checkpointFile: string, position: string, leaves: readonly StreamLeaf[], refusal: EvidenceRefusal): ExitCode => {
  const revision = leaves.find((leaf) => leaf.streamId === refusal.streamId)?.revision;
  const reason = (m: CliMessages): string => m.evidence.refusal(refusal, position, revision === undefined ? null : String(revision));
  if (refusal.kind !== 'streamDiffers') {
    throw new BadInputError(
      localized(reason),
      { source: checkpointFile },
      localized((m) => (refusal.kind === 'streamNotCommitted' ? m.evidence.notCommittedHint : m.evidence.leavesHint)),
    );
  }
  output.result({ ok: false, checkpoint: checkpointFile, refused: refusal });
  const m = output.messages.evidence;
  output.text(m.notWritten(checkpointFile), `  ${reason(output.messages)}`, m.notWrittenAdvice);
  return EXIT.checkFailed;
};

/**
 * `casefold export --case ID … --checkpoint FILE --out BUNDLE [--with-personal-data]`: an
 * evidence bundle of the cases (docs/evidence-bundle.md), proven against the signed
 * checkpoint. Personal data is withheld by default (`--redact`, the default): the openings of
 * its commitments go to BUNDLE.openings (mode 0600); `--with-personal-data` keeps it in the
 * bundle when `--principal` may see the personal data of those cases, and notes the disclosure on stderr.
 */
export const exportEvidence = async (context: CommandContext, caseIds: readonly string[]): Promise<ExitCode> => {
  const checkpointFile = context.strings['checkpoint'];
  const given = context.strings['out'];
  if (checkpointFile === undefined || given === undefined)
    throw new UsageError(
      localized((m) => m.evidence.needsCheckpointAndOut),
      'export',
    );
  const out = fileNameArgument('--out', given);
  const { checkpoint, leaves } = readCheckpointFiles(context, checkpointFile);
  if (leaves === undefined)
    throw new BadInputError(
      localized((m) => m.evidence.needsLeaves),
      { source: checkpointFile },
      localized((m) => m.evidence.needsLeavesHint),
    );
  if (context.flags['redact'] === true && context.flags['with-personal-data'] === true)
    throw new UsageError(
      localized((m) => m.evidence.redactOrPersonalData),
      'export',
    );
  return withStore(await openStoreFor(context), async (store) => {
    const { output } = context;
    // Personal data is withheld unless asked for, as in a whole-store export: asking for it needs a principal the policy grants it to, and is noted on stderr.
    const disclosure = await personalDataInExport(context, store, caseIds, { kind: 'evidenceBundle', out });
    const redact = disclosure.personalData === 'withheld';
    const made = await buildEvidenceBundle(store.events, {
      checkpoint,
      leaves,
      streamIds: caseIds.map(caseStreamId),
      storeId: checkpoint.store,
      workflows: shippedWorkflows,
      redact,
      hash: (await providersOf(checkpoint)).hash,
    });
    if (E.isLeft(made)) return refuse(output, checkpointFile, checkpoint.position, leaves, made.left);
    const { bundle, openings } = made.right;
    writeFileWhole(context, out, evidenceBundleText(bundle));
    if (openings.length > 0) writeFileWhole(context, openingsFileOf(out), `${JSON.stringify(openings, null, 2)}\n`, 0o600);
    // Noted once the bundle is written: a bundle refused or not written disclosed nothing.
    noteDisclosure(output, disclosure);
    const events = bundle.cases.reduce((n, c) => n + c.events.length, 0);
    const notCovered = bundle.cases.reduce((n, c) => n + c.notCovered.length, 0);
    const withheld = bundle.redaction?.events ?? 0;
    output.result({ ok: true, bundle: out, cases: bundle.cases.length, events, notCovered, withheld, openings: openings.length > 0 ? openingsFileOf(out) : null });
    const m = output.messages.evidence;
    output.text(
      m.written(bundle.cases.length, events, out, checkpointFile, checkpoint.position),
      ...(notCovered === 0 ? [] : [m.notCovered(notCovered)]),
      ...(openings.length === 0 ? [] : [m.withheld(withheld, openingsFileOf(out))]),
      m.checkAnywhere,
    );
    return EXIT.ok;
  });
};
