import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import type { Output } from '../cli/output.js';
import { type Dashboards, type DashboardsOptions, dashboardsOf } from '../dashboards/dashboards.js';
import { rowDashboardsOf } from '../dashboards/rows/rowDashboards.js';
import { renderDashboards } from '../dashboards/renderDashboards.js';
import { currentDashboards } from '../session/currentDashboards.js';
import { dashboardOptions } from '../session/dashboardOptions.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import type { OpenedStore } from '../store/openStore.js';

/** The dashboards from the document read models: a store that keeps no rows in its own database (EventStoreDB). */
const documentDashboards = async (store: OpenedStore, output: Output, options: DashboardsOptions): Promise<{ readonly position: bigint; readonly dashboards: Dashboards }> => {
  const current = await currentDashboards(store, output);
  return { position: current.position, dashboards: dashboardsOf(current.state, options) };
};

/** `casefold dashboards`: the four dashboards of a database, brought up to date first. */
export const dashboardsCommand: CliCommand = {
  name: 'dashboards',
  summary: 'show the case board, escalation, deadline and statistics dashboards',
  usage: 'dashboards [--db FILE] [--as-of INSTANT] [--kind KIND] [--json]',
  description: [
    "Brings the row read models kept in the store's database up to date with the events (only the",
    'events after their checkpoints are folded; the first run builds them from the first event)',
    'and prints the four dashboards. Deadlines are judged at --as-of, by default the time of the',
    'latest event, on the mainland-China working calendar. Each dashboard shows its figures by case',
    'kind (mediation, petition, gridEvent, legalConsultation, legalAid); --kind limits every',
    'dashboard to one kind.',
  ].join('\n'),
  options: [
    { name: 'as-of', type: 'string', placeholder: 'INSTANT', description: 'judge deadlines at this UTC instant (default: the latest event)' },
    { name: 'kind', type: 'string', placeholder: 'KIND', description: 'only cases of this kind (a workflow id, e.g. gridEvent)' },
  ],
  positionals: [],
  run: async (context) =>
    withStore(await openStoreFor(context), async (store) => {
      const options = await dashboardOptions(context, store);
      const { position, dashboards } =
        store.rowProjections === undefined
          ? await documentDashboards(store, context.output, options)
          : await rowDashboardsOf(store, { ...options, rowStore: store.rowProjections, output: context.output });
      context.output.result({ database: store.description, position, dashboards });
      context.output.text(...renderDashboards(dashboards, options.directory, context.output.messages));
      if (!options.directoryFound) context.output.note(context.output.messages.dashboards.noDirectory);
      return EXIT.ok;
    }),
};
