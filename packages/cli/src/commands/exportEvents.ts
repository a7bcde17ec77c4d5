import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { RecordedEvent, StoredEvent } from '@casefold/engine';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { progressBar } from '../cli/progressBar.js';
import { formatCount } from '../cli/table.js';
import { eventLine, eventLineText, headerLine } from '../ndjson/exportFormat.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { DIRECTORY_SETTING } from '../session/readDirectory.js';

/** Writes a chunk, waiting when the stream's buffer is full. */
const write = (stream: Writable, text: string): Promise<void> =>
  stream.write(text) ? Promise.resolve() : new Promise((resolve) => stream.once('drain', () => resolve()));

const closeStream = (stream: Writable): Promise<void> =>
  new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });

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
  ].join('\n'),
  options: [{ name: 'out', type: 'string', placeholder: 'FILE', description: 'write to this file instead of stdout' }],
  positionals: [],
  run: async (context) =>
    withStore(await openStoreFor(context), async (store) => {
      const { output } = context;
      const out = context.strings['out'];
      const target = out === undefined ? null : resolve(context.cwd, out);
      const stream: Writable = target === null ? (output.stdout as unknown as Writable) : createWriteStream(`${target}.partial`);
      const bar = progressBar(output, 'Exporting', Number(await store.lastPosition()));
      const streams = new Set<string>();
      let events = 0;
      try {
        await write(stream, `${JSON.stringify(headerLine(await store.readSetting(DIRECTORY_SETTING)))}\n`);
        let chunk = '';
        // Stored reads hand out the texts as written: intact events go into the export unparsed.
        const source: AsyncIterable<StoredEvent | RecordedEvent> = store.events.readStoredAll?.() ?? store.events.readAll();
        for await (const event of source) {
          chunk += `${'dataJson' in event ? eventLineText(event) : JSON.stringify(eventLine(event))}\n`;
          streams.add(event.streamId);
          events += 1;
          if (chunk.length > 1 << 16) {
            await write(stream, chunk);
            chunk = '';
            bar.update(events);
          }
        }
        await write(stream, `${chunk}${JSON.stringify({ kind: 'end', events, streams: streams.size })}\n`);
        if (target !== null) {
          await closeStream(stream);
          renameSync(`${target}.partial`, target);
        }
      } catch (error) {
        if (target !== null) {
          stream.destroy();
          rmSync(`${target}.partial`, { force: true });
        }
        throw error;
      }
      bar.finish();
      if (target !== null) {
        if (output.json) output.result({ file: target, events, streams: streams.size });
        else output.note(`Exported ${formatCount(events)} events in ${formatCount(streams.size)} streams to ${out}.`);
      }
      return EXIT.ok;
    }),
};
