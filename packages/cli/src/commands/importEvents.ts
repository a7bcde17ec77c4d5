import { resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { progressBar } from '../cli/progressBar.js';
import { formatCount } from '../cli/table.js';
import { fileNameArgument } from '../cli/typedValue.js';
import { applyImport } from '../ndjson/applyImport.js';
import { planImport, readExportFile } from '../ndjson/readExportFile.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { DIRECTORY_SETTING } from '../session/readDirectory.js';

/** `casefold import FILE`: events from an NDJSON export, checked before anything is written. */
export const importCommand: CliCommand = {
  name: 'import',
  summary: 'add the events of an NDJSON export, after checking every hash chain',
  usage: 'import <FILE|-> [--db FILE]',
  description: [
    'Reads an export (a file, or - for stdin) and checks all of it before writing anything:',
    'JSON syntax, header and end line, every field, every event\'s hash against its content,',
    'each stream\'s chain, case events against their schema, and that the file continues the',
    'chains already in the database. The first problem is reported with its line number and',
    'nothing is imported. Streams the database already has (e.g. from an earlier import of the',
    'same file) are skipped where they match, so importing again is harmless. Creates the',
    'database if it does not exist. Afterwards run `casefold dashboards` (it catches up).',
  ].join('\n'),
  options: [],
  positionals: ['FILE'],
  run: async (context) => {
    const { output } = context;
    const source = fileNameArgument('import FILE', context.positionals[0]!);
    const started = performance.now();
    const file = await readExportFile(source === '-' ? '-' : resolve(context.cwd, source), source === '-' ? 'stdin' : source);
    return withStore(await openStoreFor(context, { create: true, durability: 'bulk' }), async (store) => {
      const plan = await planImport(file, store.events, source === '-' ? 'stdin' : source);
      const bar = progressBar(output, 'Importing', plan.toAppend.length);
      const appended = await applyImport({ store: store.events, events: plan.toAppend, onProgress: (n) => bar.update(n) });
      bar.finish();
      const existing = await store.readSetting(DIRECTORY_SETTING);
      let directory: 'imported' | 'kept' | 'none' = 'none';
      if (file.header.directory !== null) {
        if (existing === null) {
          await store.writeSetting(DIRECTORY_SETTING, file.header.directory);
          directory = 'imported';
        } else {
          directory = 'kept';
          if (!isDeepStrictEqual(existing, file.header.directory)) output.note('The database already keeps a different jurisdiction directory; it was kept, the file\'s was not imported.');
        }
      }
      const summary = { database: store.description, events: appended, alreadyStored: plan.alreadyStored, streams: file.streams, directory, elapsedMs: Math.round(performance.now() - started) };
      output.result(summary);
      output.text(
        `Imported ${formatCount(appended)} events into ${store.description} (${formatCount(file.streams)} streams in the file${plan.alreadyStored > 0 ? `, ${formatCount(plan.alreadyStored)} events were already there` : ''}); every chain checked.`,
      );
      return EXIT.ok;
    });
  },
};
