import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { type RecordedEvent, type StoredEvent, caseIdOfStream } from '@casefold/engine';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import type { Output } from '../cli/output.js';
import { progressBar } from '../cli/progressBar.js';
import { formatCount } from '../cli/table.js';
import { CHANGED_CONTENT, type ChainHead, linkProblem } from '../ndjson/chainLink.js';
import { exportLine, headerLine } from '../ndjson/exportFormat.js';
import { openExportFile, stdoutSink } from '../ndjson/exportSink.js';
import { StoreAccessError } from '../cli/cliErrors.js';
import { fileNameArgument } from '../cli/typedValue.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { INCOMPLETE_READ_HINT, incompleteRead } from '../session/readCoverage.js';
import { DIRECTORY_SETTING } from '../session/readDirectory.js';

/** The first event of an export whose hash chain does not check. */
interface BrokenLinkSeen {
  readonly streamId: string;
  readonly caseId: string | null;
  readonly revision: bigint;
  readonly position: bigint;
  readonly reason: string;
}

/** Warns, on stderr whatever the output mode, that the exported store's chains are broken. */
const warnBroken = (output: Output, first: BrokenLinkSeen, brokenEvents: number): void => {
  output.stderr.write(
    `casefold: WARNING: a hash chain of the store is broken: stream '${first.streamId}'${first.caseId === null ? '' : ` (case ${first.caseId})`} revision ${first.revision} ` +
      `(position ${first.position}): ${first.reason}; ${formatCount(brokenEvents)} event${brokenEvents === 1 ? '' : 's'} in all do${brokenEvents === 1 ? 'es' : ''} not check.\n` +
      'The export holds every event as the database stores it, as evidence, but `casefold import` will refuse it. ' +
      'Run `casefold verify` on the database for the details, and restore it from a verified backup.\n',
  );
};

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
    'Every hash chain is checked on the way. A store with a broken hash chain (an event',
    'changed, removed or inserted after it was written) is still exported in full, as',
    'evidence, but the command warns naming the first broken stream and revision and exits with 1.',
    'An --out FILE that cannot be written (a directory, a missing directory, no permission) is',
    'refused before any event is read; a write error on the way (a full disk) removes',
    'FILE.partial and exits with 2. When stdout is closed early (`| head`), it stops quietly.',
  ].join('\n'),
  options: [{ name: 'out', type: 'string', placeholder: 'FILE', description: 'write to this file instead of stdout' }],
  positionals: [],
  run: async (context) => {
    const given = context.strings['out'];
    const out = given === undefined ? undefined : fileNameArgument('--out', given);
    return withStore(await openStoreFor(context), async (store) => {
      const { output } = context;
      const sink = out === undefined ? stdoutSink(output.stdout as unknown as Writable) : openExportFile(resolve(context.cwd, out), out);
      // Each stream's last event (bounded by the number of streams), to check the chains on the way.
      const heads = new Map<string, ChainHead>();
      let firstBroken: BrokenLinkSeen | null = null;
      let brokenEvents = 0;
      let events = 0;
      try {
        const until = await store.lastPosition();
        let reached = 0n;
        const bar = progressBar(output, 'Exporting', Number(until));
        let open = await sink.write(`${JSON.stringify(headerLine(await store.readSetting(DIRECTORY_SETTING)))}\n`);
        let chunk = '';
        // Stored reads hand out the texts as written: intact events go into the export unparsed.
        const source: AsyncIterable<StoredEvent | RecordedEvent> = store.events.readStoredAll?.() ?? store.events.readAll();
        if (open) {
          for await (const event of source) {
            const line = exportLine(event);
            chunk += `${line.text}\n`;
            const head = heads.get(event.streamId);
            const broken = line.matchesHash ? linkProblem(head, event, false) : CHANGED_CONTENT;
            if (broken !== null) {
              brokenEvents += 1;
              firstBroken ??= { streamId: event.streamId, caseId: caseIdOfStream(event.streamId), revision: event.revision, position: event.position, reason: broken };
            }
            if (head === undefined) heads.set(event.streamId, { revision: event.revision, hash: event.hash });
            else {
              head.revision = event.revision;
              head.hash = event.hash;
            }
            events += 1;
            reached = event.position;
            if (chunk.length > 1 << 16) {
              open = await sink.write(chunk);
              if (!open) break;
              chunk = '';
              bar.update(events);
            }
          }
        }
        // An export that looks complete must be: never one cut short by a write in progress.
        const incomplete = open ? incompleteRead(until, reached) : null;
        if (incomplete !== null) {
          const left = out === undefined ? 'The output stops before its end line, so `casefold import` refuses it.' : 'Nothing was exported.';
          throw new StoreAccessError(store.description, incomplete, `${left} ${INCOMPLETE_READ_HINT}`);
        }
        // Stdout closed early (`| head`): the reader has what it wanted.
        if (!open || !(await sink.finish(`${chunk}${JSON.stringify({ kind: 'end', events, streams: heads.size })}\n`))) return EXIT.ok;
        bar.finish();
      } catch (error) {
        sink.discard();
        throw error;
      }
      if (out !== undefined) {
        const intact = firstBroken === null ? { intact: true } : { intact: false, brokenEvents, firstBrokenLink: firstBroken };
        if (output.json) output.result({ file: resolve(context.cwd, out), events, streams: heads.size, ...intact });
        else output.note(`Exported ${formatCount(events)} events in ${formatCount(heads.size)} streams to ${out}.`);
      }
      if (firstBroken === null) return EXIT.ok;
      warnBroken(output, firstBroken, brokenEvents);
      return EXIT.checkFailed;
    });
  },
};
