import * as E from 'fp-ts/lib/Either.js';
import { findReadModelsAhead, verifyAll } from '@casefold/engine';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { progressBar } from '../cli/progressBar.js';
import { formatCount } from '../cli/table.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { verifyAgainstCheckpoint } from './checkpoint.js';
import { incompleteRead } from '../session/readCoverage.js';
import { reportBrokenLink } from '../session/reportBrokenLink.js';
import { reportReadModelsAhead } from '../session/reportReadModelsAhead.js';

/** `casefold verify`: checks every hash chain in the store. */
export const verifyCommand: CliCommand = {
  name: 'verify',
  summary: 'check the hash chains of every stream (tamper evidence)',
  usage: 'verify [--checkpoint FILE --key PUBKEY [--leaves FILE]] [--db FILE] [--json]',
  description: [
    "Walks every event of the store in position order and checks each stream's hash chain:",
    "every event's SHA-256 hash matches its content and links to the previous event, and",
    'revisions run 0, 1, 2, … On the first broken link it prints the stream (and case), the',
    'revision, the kind of tampering (changed, removed, inserted, reordered) and exits with 1.',
    "On SQLite it also compares each stream's head the store records (its streams table) with the",
    'last event stored (headDiffers: an event cut from or added to the end behind the store). On',
    "SQLite and PostgreSQL it compares the read models' checkpoints in the same database with the",
    "store's last position (a read model built past it: events removed from the end of the store,",
    'or read models of another store).',
    'It also exits with 1 when it could not read every event (a write still in progress held',
    'the read back, on PostgreSQL): it says so, and how many events it did check.',
    'With --checkpoint FILE --key PUBKEY it also proves the store still holds everything a signed',
    'checkpoint (`casefold checkpoint`) committed to, and names every difference: a stream removed,',
    'truncated, rewritten or inserted, with its revisions, an edited checkpoint, another key; and',
    "as without it, read models built past the store's last event.",
  ].join('\n'),
  options: [
    { name: 'checkpoint', type: 'string', placeholder: 'FILE', description: 'a checkpoint written by `casefold checkpoint`, to verify the store against' },
    { name: 'key', type: 'string', placeholder: 'PUBKEY', description: 'the public key (PEM) the checkpoint must be signed with' },
    { name: 'leaves', type: 'string', placeholder: 'FILE', description: "the checkpoint's leaves file (default: FILE.leaves beside the checkpoint)" },
  ],
  positionals: [],
  run: async (context) =>
    withStore(await openStoreFor(context), async (store) => {
      const { output } = context;
      const m = output.messages.verify;
      const checkpointFile = context.strings['checkpoint'];
      if (checkpointFile !== undefined) return verifyAgainstCheckpoint(context, store, checkpointFile);
      const until = await store.lastPosition();
      const bar = progressBar(output, m.progress, Number(until));
      const result = await verifyAll(store.events, { onProgress: (checked) => bar.update(checked) });
      bar.finish();
      if (E.isLeft(result)) return reportBrokenLink(output, result.left);
      const ahead = await findReadModelsAhead(store.events);
      if (ahead !== null) return reportReadModelsAhead(output, ahead, result.right);
      const incomplete = incompleteRead(until, result.right.lastPosition, output.messages);
      if (incomplete !== null) {
        output.result({ ok: false, incomplete, streams: result.right.streams, events: result.right.events });
        output.text(m.incomplete(incomplete), m.incompleteDetail(formatCount(result.right.events), m.incompleteReadHint));
        return EXIT.checkFailed;
      }
      output.result({ ok: true, streams: result.right.streams, events: result.right.events });
      output.text(m.ok(formatCount(result.right.events), formatCount(result.right.streams)));
      return EXIT.ok;
    }),
};
