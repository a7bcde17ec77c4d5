import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import {
  type Checkpoint,
  type CheckpointDifference,
  type StreamLeaf,
  caseIdOfStream,
  checkpointText,
  findReadModelsAhead,
  isCheckpointKeyError,
  leavesText,
  parseCheckpoint,
  parseLeaves,
  takeCheckpoint,
  verifyAll,
  verifyCheckpoint,
} from '@casefold/engine';
import type { CliCommand, CommandContext } from '../cli/command.js';
import { BadInputError, UsageError } from '../cli/cliErrors.js';
import { EXIT, type ExitCode } from '../cli/exitCodes.js';
import type { Output } from '../cli/output.js';
import type { CliMessages } from '../i18n/cliMessages.js';
import { cliMessagesOf, localized } from '../i18n/localizedText.js';
import { formatCount } from '../cli/table.js';
import { fileNameArgument } from '../cli/typedValue.js';
import { readInput, writeFileWhole } from '../cli/commandFiles.js';
import type { OpenedStore } from '../store/openedStore.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { reportBrokenLink } from '../session/reportBrokenLink.js';
import { reportReadModelsAhead } from '../session/reportReadModelsAhead.js';
import { type CheckpointProviders, algorithmNamed, providersOf } from './checkpointAlgorithms.js';

/** The leaves file written beside a checkpoint file: its name plus `.leaves`. */
export const leavesFileOf = (checkpointFile: string): string => `${checkpointFile}.leaves`;

/** Runs `work`, turning a key the engine cannot read into bad input naming the key file. */
export const withKey = async <T>(keyFile: string, work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    if (isCheckpointKeyError(error))
      throw new BadInputError(
        localized((m) => m.checkpoint.unusableKey(error)),
        { source: keyFile },
      );
    throw error;
  }
};

const required = (context: CommandContext, name: string, command: string): string => {
  const value = context.strings[name];
  if (value === undefined)
    throw new UsageError(
      localized((m) => m.checkpoint.needs(command, name)),
      command,
    );
  return value;
};

/** `casefold checkpoint --new-key OUT [--algorithm NAME]`: a new key pair (PEM), the private key readable by its owner only. */
const newKey = (context: CommandContext, out: string, algorithm: CheckpointProviders & { readonly name: string }): ExitCode => {
  const { privateKey, publicKey } = algorithm.generateKeyPair();
  const file = fileNameArgument('--new-key', out);
  for (const target of [file, `${file}.pub`]) {
    if (existsSync(resolve(context.cwd, target)))
      throw new UsageError(
        localized((m) => m.checkpoint.keyExists(target)),
        'checkpoint',
      );
  }
  writeFileWhole(context, file, privateKey, 0o600);
  writeFileWhole(context, `${file}.pub`, publicKey);
  context.output.result({ ok: true, algorithm: algorithm.name, privateKey: file, publicKey: `${file}.pub` });
  const m = context.output.messages.checkpoint;
  context.output.text(m.wroteKeys(algorithm.name, file), m.keepKey);
  return EXIT.ok;
};

/** `casefold checkpoint`: signs a commitment to the whole store, after checking every chain. */
export const checkpointCommand: CliCommand = {
  name: 'checkpoint',
  summary: "sign a checkpoint of the whole store (a Merkle root over every stream's head)",
  usage: 'checkpoint --key KEYFILE --out FILE [--algorithm ed25519|sm2] [--label TEXT] [--previous FILE] [--db FILE] | checkpoint --new-key OUT [--algorithm ed25519|sm2]',
  description: [
    'Checks every hash chain (as `casefold verify`), then writes a signed checkpoint of the',
    "store as of its last position to FILE, and its leaves (every stream's id, last revision and",
    'head hash) to FILE.leaves. The checkpoint is a small canonical JSON document holding the',
    'Merkle root over the leaves, signed with the private key in KEYFILE (format in',
    "docs/checkpoint-format.md). Keep it, and the public key, where the store's writers cannot",
    'change them: `casefold verify --checkpoint FILE --key KEYFILE.pub` then proves the store still',
    'holds everything it committed to, and names every difference. A store with a broken chain,',
    'or with read models built past its last event (SQLite, PostgreSQL), is not checkpointed (exit 1).',
    '--algorithm ed25519 (the default) hashes the tree with SHA-256 and signs with Ed25519;',
    '--algorithm sm2 hashes it with SM3 and signs with SM2 (GB/T 32905, GB/T 32918; keys in PEM',
    'with the SM2 curve, as OpenSSL and GmSSL write them, or hex). `verify --checkpoint` reads',
    'the algorithm from the checkpoint.',
    '--new-key OUT writes a new key pair of the algorithm: OUT (private, mode 0600) and OUT.pub (public).',
  ].join('\n'),
  options: [
    { name: 'key', type: 'string', placeholder: 'KEYFILE', description: 'the private key (PEM) to sign with' },
    { name: 'algorithm', type: 'string', placeholder: 'NAME', description: 'ed25519 (SHA-256 and Ed25519, the default) or sm2 (SM3 and SM2)' },
    { name: 'out', type: 'string', placeholder: 'FILE', description: 'where to write the checkpoint (and FILE.leaves)' },
    { name: 'label', type: 'string', placeholder: 'TEXT', description: 'what identifies the store in the checkpoint (default: its location)' },
    { name: 'previous', type: 'string', placeholder: 'FILE', description: 'the previous checkpoint, to chain this one to' },
    { name: 'new-key', type: 'string', placeholder: 'OUT', description: 'write a new key pair (of --algorithm) to OUT and OUT.pub, and do nothing else' },
  ],
  positionals: [],
  run: async (context) => {
    const algorithm = await algorithmNamed(context.strings['algorithm'], 'checkpoint');
    const generate = context.strings['new-key'];
    if (generate !== undefined) return newKey(context, generate, algorithm);
    const keyFile = required(context, 'key', 'checkpoint');
    const out = fileNameArgument('--out', required(context, 'out', 'checkpoint'));
    const privateKey = readInput(context, '--key', keyFile);
    const previousFile = context.strings['previous'];
    const previous = previousFile === undefined ? undefined : checkpointOf(readInput(context, '--previous', previousFile), previousFile);
    return withStore(await openStoreFor(context), async (store) => {
      const { output } = context;
      const started = process.hrtime.bigint();
      const chains = await verifyAll(store.events);
      if (E.isLeft(chains)) return reportBrokenLink(output, chains.left);
      // Signing a store whose last events were cut would vouch for the cut: its read models say so.
      const ahead = await findReadModelsAhead(store.events);
      if (ahead !== null) return reportReadModelsAhead(output, ahead, chains.right);
      const { checkpoint, leaves } = await withKey(keyFile, () =>
        takeCheckpoint(store.events, {
          storeId: context.strings['label'] ?? store.description,
          privateKey,
          hash: algorithm.hash,
          signature: algorithm.signature,
          ...(previous === undefined ? {} : { previous }),
        }),
      );
      writeFileWhole(context, leavesFileOf(out), leavesText(leaves));
      writeFileWhole(context, out, checkpointText(checkpoint));
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      output.result({ ok: true, checkpoint: out, leaves: leavesFileOf(out), position: checkpoint.position, streams: checkpoint.streams, events: checkpoint.events, root: checkpoint.root });
      const m = output.messages.checkpoint;
      output.text(
        m.written(formatCount(checkpoint.events), formatCount(checkpoint.streams), String(checkpoint.position), out, leavesFileOf(out), seconds.toFixed(2)),
        m.root(checkpoint.root, checkpoint.algorithms.hash, checkpoint.algorithms.signature, checkpoint.publicKey),
      );
      return EXIT.ok;
    });
  },
};

/** A checkpoint file's text, read. @throws BadInputError */
const checkpointOf = (text: string, file: string): Checkpoint => {
  const parsed = parseCheckpoint(text);
  if (E.isLeft(parsed))
    throw new BadInputError(
      localized((m) => m.checkpoint.notCheckpoint(parsed.left)),
      { source: file },
      localized((m) => m.checkpoint.giveCheckpoint),
    );
  return parsed.right;
};

/** A checkpoint file and its leaves, as the command line names them. */
export interface CheckpointFiles {
  readonly checkpoint: Checkpoint;
  /** From --leaves FILE, else FILE.leaves beside the checkpoint when it exists. */
  readonly leaves: readonly StreamLeaf[] | undefined;
}

/** Reads the checkpoint `checkpointFile` and its leaves (--leaves, or the file beside it when there is one). @throws BadInputError */
export const readCheckpointFiles = (context: CommandContext, checkpointFile: string): CheckpointFiles => {
  const checkpoint = checkpointOf(readInput(context, '--checkpoint', checkpointFile), checkpointFile);
  const leavesFile = context.strings['leaves'] ?? leavesFileOf(checkpointFile);
  const leavesGiven = context.strings['leaves'] !== undefined || existsSync(resolve(context.cwd, leavesFile));
  const leaves = leavesGiven ? parseLeaves(readInput(context, '--leaves', leavesFile)) : undefined;
  if (leaves !== undefined && E.isLeft(leaves))
    throw new BadInputError(
      localized((m) => m.checkpoint.notLeaves(leaves.left)),
      { source: leavesFile },
      localized((m) => m.checkpoint.giveLeaves),
    );
  return { checkpoint, leaves: leaves?.right };
};

/** A public key file named on the command line, read. @throws BadInputError */
export const readPublicKey = (context: CommandContext, keyFile: string): string => readInput(context, '--key', keyFile);

/** A difference from a checkpoint as an indented line, naming its stream's case, in the language of `messages` (English unless given). */
export const describeDifference = (difference: CheckpointDifference, messages: CliMessages = cliMessagesOf('en')): string =>
  messages.checkpoint.difference(difference, 'streamId' in difference ? caseIdOfStream(difference.streamId) : null);

const reportDifferences = (output: Output, checkpointFile: string, differences: readonly CheckpointDifference[]): ExitCode => {
  output.result({ ok: false, checkpoint: checkpointFile, differences: differences.map((d) => ('streamId' in d ? { ...d, caseId: caseIdOfStream(d.streamId) } : d)) });
  output.text(output.messages.checkpoint.differs(checkpointFile, differences.length), ...differences.map((d) => describeDifference(d, output.messages)), output.messages.checkpoint.restore);
  return EXIT.checkFailed;
};

/**
 * `casefold verify --checkpoint FILE --key PUBKEY [--leaves FILE]`: the store against a
 * signed checkpoint (leaves from FILE.leaves unless given). Exit 0 only when it holds
 * everything the checkpoint committed to and every chain is intact; 1 with every difference.
 */
export const verifyAgainstCheckpoint = async (context: CommandContext, store: OpenedStore, checkpointFile: string): Promise<ExitCode> => {
  const keyFile = required(context, 'key', 'verify');
  const { checkpoint, leaves } = readCheckpointFiles(context, checkpointFile);
  const publicKey = readInput(context, '--key', keyFile);
  const providers = await providersOf(checkpoint);
  const result = await withKey(keyFile, () => verifyCheckpoint(store.events, checkpoint, { publicKey, ...providers, ...(leaves === undefined ? {} : { leaves }) }));
  if (E.isLeft(result)) return reportDifferences(context.output, checkpointFile, result.left);
  const { chains } = result.right;
  // Events appended after the checkpoint, then cut from the end, differ from nothing it committed to.
  const ahead = await findReadModelsAhead(store.events);
  if (ahead !== null) return reportReadModelsAhead(context.output, ahead, chains);
  context.output.result({ ok: true, checkpoint: checkpointFile, position: checkpoint.position, streams: chains.streams, events: chains.events });
  const m = context.output.messages.checkpoint;
  context.output.text(
    m.holds(checkpointFile, formatCount(checkpoint.events), formatCount(checkpoint.streams), String(checkpoint.position), checkpoint.takenAt),
    m.intact(formatCount(chains.events), formatCount(chains.streams)),
  );
  return EXIT.ok;
};
