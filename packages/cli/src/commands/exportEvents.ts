import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { type CheckpointDifference, type RecordedEvent, type StoredEvent, caseIdOfStream, checkpointDifferences, collectStoreHeads, compareLeaves, merkleRoot, sha256 } from '@casefold/engine';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { providersOf } from './checkpointAlgorithms.js';
import type { Output } from '../cli/output.js';
import { progressBar } from '../cli/progressBar.js';
import { localized } from '../i18n/localizedText.js';
import { formatCount } from '../cli/table.js';
import { CHANGED_CONTENT, type ChainHead, linkProblem } from '../ndjson/chainLink.js';
import { exportLine, headerLine, leafLine } from '../ndjson/exportFormat.js';
import { openExportFile, stdoutSink } from '../ndjson/exportSink.js';
import { StoreAccessError, UsageError } from '../cli/cliErrors.js';
import { fileNameArgument } from '../cli/typedValue.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { incompleteRead } from '../session/readCoverage.js';
import { DIRECTORY_SETTING } from '../session/readDirectory.js';
import { describeDifference, readCheckpointFiles } from './checkpoint.js';
import { exportEvidence } from '../evidence/exportEvidence.js';
import { noteDisclosure, personalDataInExport, withholdPersonalData } from './exportPersonalData.js';
import { PRINCIPAL_OPTIONS } from './principalOptions.js';

/** The first event of an export whose hash chain does not check. */
interface BrokenLinkSeen {
  readonly streamId: string;
  readonly caseId: string | null;
  readonly revision: bigint;
  readonly position: bigint;
  readonly reason: string;
}

/** Warns, on stderr whatever the output mode, that the exported store's chains are broken; `reason`: the first broken link's, in the output's language. */
const warnBroken = (output: Output, first: BrokenLinkSeen, reason: string, brokenEvents: number): void => {
  const m = output.messages.export;
  output.stderr.write(`${m.broken(first.streamId, first.caseId, String(first.revision), String(first.position), reason, brokenEvents)}\n${m.brokenAdvice}\n`);
};

/** Warns, on stderr, that the store differs from the checkpoint the export carries. */
const warnCheckpoint = (output: Output, checkpointFile: string, differences: readonly CheckpointDifference[]): void => {
  const m = output.messages.export;
  output.stderr.write(`${m.differs(checkpointFile)}\n${differences.map((d) => `${describeDifference(d, output.messages)}\n`).join('')}${m.differsAdvice}\n`);
};

/** `casefold export`: every event as NDJSON. */
export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'write every event (with its hash chain) as NDJSON',
  usage:
    'export [--out FILE] [--checkpoint FILE [--leaves FILE]] [--with-personal-data --principal FILE [--policy FILE]] [--db FILE] | export --case ID [--case ID …] --checkpoint FILE --out BUNDLE [--with-personal-data --principal FILE [--policy FILE]]',
  description: [
    'Writes the store as NDJSON (format in docs/cli.md): a header with the jurisdiction',
    'directory, one line per event in position order with its hash fields, and an end line',
    "with the counts and the Merkle root over every stream's head (as a checkpoint's), so that a case",
    'cut out, truncated or re-hashed in the file is refused by `casefold import`. With --checkpoint FILE',
    '(written by `casefold checkpoint`) the header also carries that signed checkpoint and the file its',
    'leaves: `casefold import --key PUBKEY` then proves the file holds what the signer committed to.',
    'To stdout, or to --out FILE (written to FILE.partial, then renamed, so a',
    'cut-off export never looks complete). `casefold import` reads it back.',
    'Every hash chain is checked on the way. A store with a broken hash chain (an event',
    'changed, removed or inserted after it was written) is still exported in full, as',
    'evidence, but the command warns naming the first broken stream and revision and exits with 1.',
    'An --out FILE that cannot be written (a directory, a missing directory, no permission) is',
    'refused before any event is read; a write error on the way (a full disk) removes',
    'FILE.partial and exits with 2. When stdout is closed early (`| head`), it stops quietly.',
    'Personal data is withheld by default: each party\'s pii in clear is written as {"withheld":true}',
    '(sealed personal data of a protected store stays sealed; its keys are never exported). Such lines no',
    'longer match their hashes, so `casefold import` refuses them: --with-personal-data writes the data in',
    'clear, for a copy meant to be imported (docs/personal-data.md). It needs --principal FILE, the',
    'principal the data is disclosed to, whose authorization policy (the shipped one, or --policy FILE)',
    'grants them the personal data of every case exported; otherwise nothing is written. The disclosure',
    '(who, which cases, when) is noted on stderr.',
    'With --case ID (repeatable) it writes an evidence bundle of those cases instead, proven',
    'against the signed --checkpoint (docs/evidence-bundle.md). It withholds personal data too (--redact,',
    'the default: events holding it keep their hash and a view with commitments, whose openings go to',
    'BUNDLE.openings, mode 0600); --with-personal-data keeps it in the bundle, noted on stderr.',
  ].join('\n'),
  options: [
    { name: 'out', type: 'string', placeholder: 'FILE', description: 'write to this file instead of stdout' },
    { name: 'checkpoint', type: 'string', placeholder: 'FILE', description: 'a checkpoint of this store (`casefold checkpoint`) to carry in the export' },
    { name: 'leaves', type: 'string', placeholder: 'FILE', description: "the checkpoint's leaves file (default: FILE.leaves beside the checkpoint)" },
    { name: 'case', type: 'string', multiple: true, placeholder: 'ID', description: 'write an evidence bundle of this case instead (needs --checkpoint and --out; see docs/evidence-bundle.md)' },
    { name: 'with-personal-data', type: 'boolean', description: "write parties' personal data in clear (withheld by default); needs --principal; noted on stderr" },
    { name: 'redact', type: 'boolean', description: 'with --case (the default): withhold the events holding personal data, leaving hash commitments' },
    ...PRINCIPAL_OPTIONS,
  ],
  positionals: [],
  run: async (context) => {
    const caseIds = context.lists['case'] ?? [];
    if (caseIds.length > 0) return exportEvidence(context, caseIds);
    if (context.flags['redact'] === true)
      throw new UsageError(
        localized((m) => m.export.redactWithoutCase),
        'export',
      );
    const given = context.strings['out'];
    const out = given === undefined ? undefined : fileNameArgument('--out', given);
    const checkpointFile = context.strings['checkpoint'];
    const committed = checkpointFile === undefined ? undefined : readCheckpointFiles(context, checkpointFile);
    return withStore(await openStoreFor(context), async (store) => {
      const { output } = context;
      const disclosure = await personalDataInExport(context, store, 'every case', { kind: 'export', out });
      const sink = out === undefined ? stdoutSink(output.stdout as unknown as Writable) : openExportFile(resolve(context.cwd, out), out);
      // The data goes out from here on (an --out that cannot be written was refused above, noting nothing).
      noteDisclosure(output, disclosure);
      const personalData = disclosure.personalData;
      // Each stream's last event (bounded by the number of streams), to check the chains on the way.
      const heads = new Map<string, ChainHead>();
      let firstBroken: BrokenLinkSeen | null = null;
      // Its reason in the output's language, for the warning (the JSON document keeps the English).
      let firstBrokenReason = '';
      let brokenEvents = 0;
      let events = 0;
      // The heads as of the checkpoint's position, to compare with what it committed to.
      const atCheckpoint = committed === undefined ? undefined : collectStoreHeads(BigInt(committed.checkpoint.position));
      let differences: readonly CheckpointDifference[] = [];
      try {
        const until = await store.lastPosition();
        let reached = 0n;
        const bar = progressBar(output, output.messages.export.progress, Number(until));
        const header = `${JSON.stringify(headerLine(await store.readSetting(DIRECTORY_SETTING), committed?.checkpoint))}\n`;
        let open = await sink.write(`${header}${(committed?.leaves ?? []).map((leaf) => `${leafLine(leaf)}\n`).join('')}`);
        let chunk = '';
        // Stored reads hand out the texts as written: intact events go into the export unparsed.
        const source: AsyncIterable<StoredEvent | RecordedEvent> = store.events.readStoredAll?.() ?? store.events.readAll();
        if (open) {
          for await (const event of source) {
            const line = exportLine(event);
            chunk += `${personalData === 'included' ? line.text : withholdPersonalData(line.text)}\n`;
            const head = heads.get(event.streamId);
            const broken = line.matchesHash ? linkProblem(head, event, false) : CHANGED_CONTENT;
            if (broken !== null) {
              brokenEvents += 1;
              if (firstBroken === null) {
                firstBroken = { streamId: event.streamId, caseId: caseIdOfStream(event.streamId), revision: event.revision, position: event.position, reason: broken };
                const m = output.messages.importFile;
                firstBrokenReason = line.matchesHash ? (linkProblem(head, event, false, m) ?? broken) : m.changedContent;
              }
            }
            if (head === undefined) heads.set(event.streamId, { revision: event.revision, hash: event.hash });
            else {
              head.revision = event.revision;
              head.hash = event.hash;
            }
            atCheckpoint?.add(event);
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
          throw new StoreAccessError(
            store.description,
            localized((m) => incompleteRead(until, reached, m) ?? incomplete),
            localized((m) => m.export.cutShort(out === undefined, m.verify.incompleteReadHint)),
          );
        }
        // Stdout closed early (`| head`): the reader has what it wanted.
        if (committed !== undefined && atCheckpoint !== undefined) {
          differences = checkpointDifferences(committed.checkpoint, atCheckpoint.heads(), {
            ...(await providersOf(committed.checkpoint)),
            ...(committed.leaves === undefined ? {} : { leaves: committed.leaves }),
          });
        }
        const root = merkleRoot([...heads].map(([streamId, { revision, hash }]) => ({ streamId, revision, hash })).sort(compareLeaves), sha256);
        if (!open || !(await sink.finish(`${chunk}${JSON.stringify({ kind: 'end', events, streams: heads.size, root })}\n`))) return EXIT.ok;
        bar.finish();
      } catch (error) {
        sink.discard();
        throw error;
      }
      if (out !== undefined) {
        const intact = firstBroken === null && differences.length === 0 ? { intact: true } : { intact: false, brokenEvents, firstBrokenLink: firstBroken, checkpointDifferences: differences };
        if (output.json) output.result({ file: resolve(context.cwd, out), events, streams: heads.size, ...intact });
        else output.note(output.messages.export.exported(formatCount(events), formatCount(heads.size), out));
      }
      if (firstBroken !== null) warnBroken(output, firstBroken, firstBrokenReason, brokenEvents);
      if (differences.length > 0) warnCheckpoint(output, checkpointFile!, differences);
      return firstBroken === null && differences.length === 0 ? EXIT.ok : EXIT.checkFailed;
    });
  },
};
