import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { RecordedEvent, StoredEvent } from '@casefold/engine';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { progressBar } from '../cli/progressBar.js';
import { formatCount } from '../cli/table.js';
import { eventLine, eventLineText, headerLine } from '../ndjson/exportFormat.js';
import { openExportFile, stdoutSink } from '../ndjson/exportSink.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { DIRECTORY_SETTING } from '../session/readDirectory.js';

/** `casefold export`: every event as NDJSON. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write every event (with its hash chain) as NDJSON',
  usage: 'export [--out FILE] [--db FILE]',
  description: [
    'Writes the store as NDJSON (format in docs/cli.md): a header with the jurisdiction',
    'directory, one line per event in position order with its hash fields, and an end line',
    'with the counts. To stdout, or to --out FILE (written to FILE.partial, then renamed, so a',
    'cut-off export never looks complete). `casefold import` reads it back.',
    'An --out FILE that cannot be written (a directory, a missing directory, no permission) is',
    'refused before any event is read; a write error on the way (a full disk) removes',
    'FILE.partial and exits with 2. When stdout is closed early (`| head`), it stops quietly.',
  ].join('\n'),
  options: [{ name: 'out', type: 'string', placeholder: 'FILE', description: 'write to this file instead of stdout' }],
  positionals: [],
  run: async (context) =>
    withStore(await openStoreFor(context), async (store) => {
      const { output } = context;
      const out = context.strings['out'];
      const sink = out === undefined ? stdoutSink(output.stdout as unknown as Writable) : openExportFile(resolve(context.cwd, out), out);
      const streams = new Set<string>();
      let events = 0;
      try {
        const bar = progressBar(output, 'Exporting', Number(await store.lastPosition()));
        let open = await sink.write(`${JSON.stringify(headerLine(await store.readSetting(DIRECTORY_SETTING)))}\n`);
        let chunk = '';
        // Stored reads hand out the texts as written: intact events go into the export unparsed.
        const source: AsyncIterable<StoredEvent | RecordedEvent> = store.events.readStoredAll?.() ?? store.events.readAll();
        if (open) {
          for await (const event of source) {
            chunk += `${'dataJson' in event ? eventLineText(event) : JSON.stringify(eventLine(event))}\n`;
            streams.add(event.streamId);
            events += 1;
            if (chunk.length > 1 << 16) {
              open = await sink.write(chunk);
              if (!open) break;
              chunk = '';
              bar.update(events);
            }
          }
        }
        // Stdout closed early (`| head`): the reader has what it wanted.
        if (!open || !(await sink.finish(`${chunk}${JSON.stringify({ kind: 'end', events, streams: streams.size })}\n`))) return EXIT.ok;
        bar.finish();
      } catch (error) {
        sink.discard();
        throw error;
      }
      if (out !== undefined) {
        if (output.json) output.result({ file: resolve(context.cwd, out), events, streams: streams.size });
        else output.note(`Exported ${formatCount(events)} events in ${formatCount(streams.size)} streams to ${out}.`);
      }
      return EXIT.ok;
    }),
};
