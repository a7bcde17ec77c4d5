import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { shippedWorkflows } from '@casefold/core';
import { type EvidenceRefusal, buildEvidenceBundle, caseStreamId, evidenceBundleText } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { BadInputError, UsageError } from '../cli/cliErrors.js';
import type { CommandContext } from '../cli/command.js';
import { EXIT, type ExitCode } from '../cli/exitCodes.js';
import type { Output } from '../cli/output.js';
import { formatCount } from '../cli/table.js';
import { fileNameArgument } from '../cli/typedValue.js';
import { readCheckpointFiles } from '../commands/checkpoint.js';
import { providersOf } from '../commands/checkpointAlgorithms.js';
import { personalDataInExport } from '../commands/exportPersonalData.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';

/** Where the openings of a redacted bundle's commitments go: beside the bundle, readable by its owner only. */
export const openingsFileOf = (bundleFile: string): string => `${bundleFile}.openings`;

/** Writes `text` to `file` through `file.partial` and a rename, so a cut-off write never looks complete. @throws UsageError */
const writeFileWhole = (context: CommandContext, file: string, text: string, mode: number): void => {
  const target = resolve(context.cwd, file);
  try {
    writeFileSync(`${target}.partial`, text, { mode });
    renameSync(`${target}.partial`, target);
  } catch (error) {
    throw new UsageError(`cannot write '${file}' (${(error as Error).message}); give a file in a directory you can write to`, 'export');
  }
};

/** A refusal to make a bundle: a stream that no longer holds what the checkpoint committed to is a failed check (exit 1), the rest bad input (exit 3). */
const refuse = (output: Output, checkpointFile: string, refusal: EvidenceRefusal): ExitCode => {
  if (refusal.kind !== 'streamDiffers') {
    const hint = refusal.kind === 'streamNotCommitted' ? 'Check the case id, or take a checkpoint after the case was created' : 'Give the checkpoint and leaves files `casefold checkpoint` wrote';
    throw new BadInputError(refusal.message, { source: checkpointFile }, hint);
  }
  output.result({ ok: false, checkpoint: checkpointFile, refused: refusal });
  output.text(
    `NO EVIDENCE WRITTEN: the store differs from checkpoint ${checkpointFile}:`,
    `  ${refusal.message}`,
    'A bundle is only made from a case that still holds what the checkpoint committed to. Run `casefold verify --checkpoint` for every difference.',
  );
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
  if (checkpointFile === undefined || given === undefined) throw new UsageError('export --case needs --checkpoint FILE (from `casefold checkpoint`) and --out BUNDLE', 'export');
  const out = fileNameArgument('--out', given);
  const { checkpoint, leaves } = readCheckpointFiles(context, checkpointFile);
  if (leaves === undefined)
    throw new BadInputError(
      "an evidence bundle needs the checkpoint's leaves, to prove each case against its root",
      { source: checkpointFile },
      'Give --leaves FILE, or keep FILE.leaves beside the checkpoint',
    );
  if (context.flags['redact'] === true && context.flags['with-personal-data'] === true) throw new UsageError('give --redact (the default) or --with-personal-data, not both', 'export');
  return withStore(await openStoreFor(context), async (store) => {
    const { output } = context;
    // Personal data is withheld unless asked for, as in a whole-store export: asking for it needs a principal the policy grants it to, and is noted on stderr.
    const redact = (await personalDataInExport(context, store, caseIds, `the evidence bundle ${out}`)) === 'withheld';
    const made = await buildEvidenceBundle(store.events, {
      checkpoint,
      leaves,
      streamIds: caseIds.map(caseStreamId),
      storeId: checkpoint.store,
      workflows: shippedWorkflows,
      redact,
      hash: (await providersOf(checkpoint)).hash,
    });
    if (E.isLeft(made)) return refuse(output, checkpointFile, made.left);
    const { bundle, openings } = made.right;
    writeFileWhole(context, out, evidenceBundleText(bundle), 0o644);
    if (openings.length > 0) writeFileWhole(context, openingsFileOf(out), `${JSON.stringify(openings, null, 2)}\n`, 0o600);
    const events = bundle.cases.reduce((n, c) => n + c.events.length, 0);
    const notCovered = bundle.cases.reduce((n, c) => n + c.notCovered.length, 0);
    output.result({ ok: true, bundle: out, cases: bundle.cases.length, events, notCovered, withheld: bundle.redaction?.events ?? 0, openings: openings.length > 0 ? openingsFileOf(out) : null });
    output.text(
      `Evidence bundle of ${formatCount(bundle.cases.length)} case${bundle.cases.length === 1 ? '' : 's'} (${formatCount(events)} events) written to ${out}, proven against checkpoint ${checkpointFile} (position ${checkpoint.position}).`,
      ...(notCovered === 0
        ? []
        : [`${formatCount(notCovered)} event${notCovered === 1 ? ' was' : 's were'} recorded after the checkpoint: listed in the bundle as not covered; take a new checkpoint to cover them.`]),
      ...(openings.length === 0
        ? []
        : [
            `${formatCount(bundle.redaction?.events ?? 0)} event${bundle.redaction?.events === 1 ? '' : 's'} holding personal data withheld; the openings of their commitments (personal data) are in ${openingsFileOf(out)}: do not share them with the bundle.`,
          ]),
      'Check it anywhere with: node verify-evidence.mjs BUNDLE --key PUBKEY (packages/cli/standalone/verify-evidence.mjs).',
    );
    return EXIT.ok;
  });
};
