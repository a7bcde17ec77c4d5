import * as E from 'fp-ts/lib/Either.js';
import { findReadModelsAhead, forEachEvent } from '@casefold/engine';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { formatCount } from '../cli/table.js';
import { dashboardProjection } from '../projections/dashboardProjection.js';
import { type CurrentDashboards, currentDashboards } from '../session/currentDashboards.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { incompleteRead } from '../session/readCoverage.js';
import { reportBrokenLink } from '../session/reportBrokenLink.js';
import { reportReadModelsAhead } from '../session/reportReadModelsAhead.js';
import { verifiedDashboards } from '../session/verifiedDashboards.js';
import type { Output } from '../cli/output.js';
import { currentDashboardRows } from '../dashboards/rows/currentDashboardRows.js';
import { dashboardRowProjections } from '../dashboards/rows/dashboardRows.js';
import { readDirectory } from '../session/readDirectory.js';
import type { OpenedStore } from '../store/openStore.js';
import { isCaseEvent } from '../projections/catchUp.js';
import { storeEventCodec } from '../store/storeEventCodec.js';

/**
 * Reads every event up to `until` and decodes the case events as the rebuilds will, before
 * anything is dropped: an event that does not decode rejects with its EventDecodeError while
 * the stored read models are still whole (a replay without --verify drops them, then builds
 * them again; `--verify` commits only after every event was read and decoded).
 */
const checkDecodable = async (store: OpenedStore, until: bigint): Promise<void> => {
  await forEachEvent(store.events.readAll(), (recorded) => {
    if (recorded.position > until) return false;
    if (!isCaseEvent(recorded)) return true;
    const decoded = storeEventCodec.decode(recorded);
    if (E.isLeft(decoded)) throw decoded.left;
    return true;
  });
};

/**
 * The row read models `dashboards`, `stats` and `serve` read, dropped and built again from the
 * first event (a store with none, EventStoreDB's, has nothing to rebuild); their names.
 */
const rebuiltRows = async (store: OpenedStore, output: Output): Promise<string[]> => {
  const rowStore = store.rowProjections;
  if (rowStore === undefined) return [];
  const { directory } = await readDirectory(store);
  const projections = Object.values(dashboardRowProjections(directory));
  for (const projection of projections) await rowStore.delete(projection.name);
  await currentDashboardRows({ store, rowStore, directory, output });
  return projections.map((projection) => projection.name);
};

/** `casefold replay`: rebuilds the read models from the events. */
export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'rebuild the read models from every event (an auditor’s replay)',
  usage: 'replay [--verify] [--db FILE] [--json]',
  description: [
    'Discards the stored read models and folds every event of the store again, from the first',
    "position, with the engine's projection runner: the case board, escalation paths, deadlines",
    'and statistics projections, and the row read models `dashboards`, `stats` and `serve` read',
    '(dropped, then built again from the first event). Prints how many events and cases were',
    'replayed and how long it took. `casefold dashboards` afterwards shows the replayed figures;',
    'they must equal the figures before the replay. Every event is read and decoded before anything',
    'is dropped: on an event that does not decode it exits with 4 and the read models stay as they were.',
    '',
    "With --verify the same pass also checks every stream's hash chain, as `casefold verify`",
    'does, and the rebuilt read models are stored only if every chain is intact; on a broken link',
    'it reports the link as `verify` does, keeps the stored read models as they were and exits with 1.',
    "On SQLite and PostgreSQL it first compares the read models' checkpoints with the store's last position, as",
    '`verify` does: read models built past it (events cut from the end) are reported and kept, exit 1.',
    'Without --verify they are rebuilt from the events there are (for read models copied from another store).',
  ].join('\n'),
  options: [{ name: 'verify', type: 'boolean', description: 'also verify every hash chain; store the rebuilt read models only if all are intact' }],
  positionals: [],
  run: async (context) =>
    withStore(await openStoreFor(context), async (store) => {
      const verify = context.flags['verify'] === true;
      const m = context.output.messages;
      let replayed: CurrentDashboards;
      if (verify) {
        // Before anything is rebuilt: the rebuild would move the checkpoints that show events cut from the end.
        const ahead = await findReadModelsAhead(store.events);
        if (ahead !== null) return reportReadModelsAhead(context.output, ahead);
        const until = await store.lastPosition();
        const verified = await verifiedDashboards(store, context.output);
        if (E.isLeft(verified)) return reportBrokenLink(context.output, verified.left);
        const incomplete = incompleteRead(until, verified.right.position, m);
        if (incomplete !== null) {
          context.output.result({ ok: false, incomplete, position: verified.right.position });
          context.output.text(m.replay.partly(incomplete), m.replay.partlyDetail(formatCount(Number(verified.right.position)), m.verify.incompleteReadHint));
          return EXIT.checkFailed;
        }
        replayed = verified.right;
      } else {
        await checkDecodable(store, await store.lastPosition());
        replayed = await currentDashboards(store, context.output, { rebuild: true });
      }
      const rowsStarted = performance.now();
      const rowProjections = await rebuiltRows(store, context.output);
      const elapsedMs = replayed.elapsedMs + (performance.now() - rowsStarted);
      const cases = replayed.state.caseBoard.counts.total;
      const summary = {
        database: store.description,
        projections: ['caseBoard', 'escalationPaths', 'deadlines', 'statistics'],
        record: dashboardProjection.name,
        rowProjections,
        position: replayed.position,
        cases,
        elapsedMs: Math.round(elapsedMs),
        verified: verify,
      };
      context.output.result(summary);
      context.output.text(m.replay.done(formatCount(Number(replayed.position)), formatCount(cases), store.description, summary.projections.join(', '), (elapsedMs / 1000).toFixed(1), verify));
      return EXIT.ok;
    }),
};
