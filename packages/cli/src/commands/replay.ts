import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { formatCount } from '../cli/table.js';
import { dashboardProjection } from '../projections/dashboardProjection.js';
import { currentDashboards } from '../session/currentDashboards.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';

/** `casefold replay`: rebuilds the read models from the events. */
export const replayCommand: CliCommand = {
  name: 'replay',
  summary: 'rebuild the read models from every event (an auditor’s replay)',
  usage: 'replay [--db FILE] [--json]',
  description: [
    'Discards the stored read models and folds every event of the store again, from the first',
    'position, with the engine\'s projection runner: the case board, escalation paths, deadlines',
    'and statistics projections. Prints how many events and cases were replayed and how long',
    'it took. `casefold dashboards` afterwards shows the replayed figures; they must equal the',
    'figures before the replay.',
  ].join('\n'),
  options: [],
  positionals: [],
  run: async (context) =>
    withStore(await openStoreFor(context), async (store) => {
      const replayed = await currentDashboards(store, context.output, { rebuild: true });
      const cases = replayed.state.caseBoard.counts.total;
      const summary = {
        database: store.description,
        projections: ['caseBoard', 'escalationPaths', 'deadlines', 'statistics'],
        record: dashboardProjection.name,
        position: replayed.position,
        cases,
        elapsedMs: Math.round(replayed.elapsedMs),
      };
      context.output.result(summary);
      context.output.text(
        `Replayed every event up to position ${formatCount(Number(replayed.position))} (${formatCount(cases)} cases) from ${store.description} into ${summary.projections.join(', ')} in ${(replayed.elapsedMs / 1000).toFixed(1)} s.`,
      );
      return EXIT.ok;
    }),
};
