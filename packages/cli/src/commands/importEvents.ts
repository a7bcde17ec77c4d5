import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isDeepStrictEqual } from 'node:util';
import type { CliCommand } from '../cli/command.js';
import { isWrongExpectedRevisionError } from '@casefold/engine';
import { StoreAccessError, UsageError } from '../cli/cliErrors.js';
import { EXIT } from '../cli/exitCodes.js';
import { localized } from '../i18n/localizedText.js';
import { providersOf } from './checkpointAlgorithms.js';
import { progressBar } from '../cli/progressBar.js';
import { formatCount } from '../cli/table.js';
import { fileNameArgument } from '../cli/typedValue.js';
import { applyImport } from '../ndjson/applyImport.js';
import { planImport } from '../ndjson/planImport.js';
import { checkExportFile } from '../ndjson/readExportFile.js';
import { afterWrites } from '../session/afterWrites.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { DIRECTORY_SETTING } from '../session/readDirectory.js';
import { readPublicKey, withKey } from './checkpoint.js';

/**
 * Runs `work` on a file holding what stdin gives: an export is read more than once (checked,
 * then imported), so stdin is first copied to a temporary file, which is removed afterwards.
 */
const withStdinFile = async <T>(work: (path: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-import-'));
  try {
    const path = join(dir, 'stdin.ndjson');
    await pipeline(process.stdin, createWriteStream(path));
    return await work(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * A failure of the appends, as the operator should hear it: a stream that another process
 * wrote to after this import compared the file with the database (two imports of one file at
 * once) is a store in use, not a bug; other errors pass.
 */
const appendFailure = (error: unknown, location: string): unknown => {
  if (!isWrongExpectedRevisionError(error)) return error;
  const { streamId, expected, actual } = error;
  const revision = (r: typeof expected | typeof actual): bigint | null => (typeof r === 'bigint' ? r : null);
  return new StoreAccessError(
    location,
    localized((m) => m.import.streamWrittenMeanwhile(streamId, revision(expected), revision(actual))),
    localized((m) => m.import.streamWrittenMeanwhileHint),
    { cause: error },
  );
};

/** `casefold import FILE`: events from an NDJSON export, checked before anything is written. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'add the events of an NDJSON export, after checking every hash chain',
  usage: 'import <FILE|-> [--key PUBKEY] [--db FILE]',
  description: [
    'Reads an export (a file, or - for stdin) and checks all of it before writing anything:',
    'JSON syntax, header (with its jurisdiction directory) and end line, every field, every',
    "event's hash against its content, each stream's chain, case events against their schema,",
    'and that the file continues the chains already in the database. A version 2 export (format',
    "in docs/checkpoint-format.md) carries the Merkle root over its streams' heads: a case cut out,",
    'truncated or re-hashed in the file is refused, naming it when the file carries a checkpoint',
    '(`casefold export --checkpoint`). With --key PUBKEY the checkpoint must be signed with that key:',
    "then not even a forger who recomputed the file's root gets a changed file imported. The first problem is",
    'reported with its line number and nothing is imported. The file is read line by line, in',
    'bounded memory. Streams the database already has (e.g. from an earlier import of the',
    'same file) are skipped where they match, so importing again is harmless, and completes an',
    'import that stopped part-way (exit 6). Creates the database if it does not exist.',
    'Afterwards run `casefold dashboards` (it catches up).',
  ].join('\n'),
  options: [{ name: 'key', type: 'string', placeholder: 'PUBKEY', description: "the public key (PEM) the file's checkpoint must be signed with" }],
  positionals: ['FILE'],
  run: async (context) => {
    // A file's streams are imported as they were stored, a tenant's with its tenant in their ids (xishan/case-…).
    if (context.strings['tenant'] !== undefined)
      throw new UsageError(
        localized((messages) => messages.errors.tenantImport),
        'import',
      );
    const { output } = context;
    const m = output.messages.import;
    const source = fileNameArgument('import FILE', context.positionals[0]!);
    const label = source === '-' ? 'stdin' : source;
    const started = performance.now();
    const importFrom = async (path: string): Promise<number> => {
      const keyFile = context.strings['key'];
      const publicKey = keyFile === undefined ? undefined : readPublicKey(context, keyFile);
      const check = () => checkExportFile(path, label, { providersOf, ...(publicKey === undefined ? {} : { publicKey }) });
      const file = keyFile === undefined ? await check() : await withKey(keyFile, check);
      return withStore(await openStoreFor(context, { create: true, durability: 'bulk' }), async (store) => {
        const plan = await planImport(file, store.events);
        const bar = progressBar(output, m.progress, plan.toAppend);
        let written = 0;
        let directory: 'imported' | 'kept' | 'none' = 'none';
        try {
          await applyImport({ store: store.events, file, plan, onProgress: (n) => bar.update((written = n)) });
          bar.finish();
          if (file.header.directory !== null) {
            const existing = await store.readSetting(DIRECTORY_SETTING);
            if (existing === null) {
              await store.writeSetting(DIRECTORY_SETTING, file.header.directory);
              directory = 'imported';
            } else {
              directory = 'kept';
              if (!isDeepStrictEqual(existing, file.header.directory)) output.note(m.differentDirectory);
            }
          }
        } catch (error) {
          // How to finish an import that stopped part-way: it is idempotent.
          throw afterWrites('import', written, appendFailure(error, store.description), (m) => m.output.importAgain);
        }
        const summary = {
          database: store.description,
          events: written,
          alreadyStored: plan.alreadyStored,
          streams: file.streams.size,
          directory,
          commitment: file.commitment,
          elapsedMs: Math.round(performance.now() - started),
        };
        output.result(summary);
        output.text(
          m.imported(formatCount(written), store.description, formatCount(file.streams.size), plan.alreadyStored > 0 ? formatCount(plan.alreadyStored) : null, m.commitment[file.commitment]),
        );
        return EXIT.ok;
      });
    };
    return source === '-' ? withStdinFile(importFrom) : importFrom(resolve(context.cwd, source));
  },
};
