import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { dashboardsOf } from '../dashboards/dashboards.js';
import { renderDashboards } from '../dashboards/renderDashboards.js';
import { currentDashboards } from '../session/currentDashboards.js';
import { dashboardOptions } from '../session/dashboardOptions.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';

/** `casefold dashboards`: the four dashboards of a database, brought up to date first. */
export const dashboardsCommand: CliCommand = {
  name: 'dashboards',
  summary: 'show the case board, escalation, deadline and statistics dashboards',
  usage: 'dashboards [--db FILE] [--as-of INSTANT] [--kind KIND] [--json]',
  description: [
    'Brings the stored read models up to date with the events (only the events after their',
    'checkpoint are folded) and prints the four dashboards. Deadlines are judged at --as-of,',
    'by default the time of the latest event, on the mainland-China working calendar. Each',
    'dashboard shows its figures by case kind (mediation, petition, gridEvent, legalConsultation,',
    'legalAid); --kind limits every dashboard to one kind.',
  ].join('\n'),
  options: [
    { name: 'as-of', type: 'string', placeholder: 'INSTANT', description: 'judge deadlines at this UTC instant (default: the latest event)' },
    { name: 'kind', type: 'string', placeholder: 'KIND', description: 'only cases of this kind (a workflow id, e.g. gridEvent)' },
  ],
  positionals: [],
  run: async (context) =>
    withStore(await openStoreFor(context), async (store) => {
      const options = await dashboardOptions(context, store);
      const current = await currentDashboards(store, context.output);
      const dashboards = dashboardsOf(current.state, options);
      context.output.result({ database: store.description, position: current.position, dashboards });
      context.output.text(...renderDashboards(dashboards, options.directory, context.output.messages));
      if (!options.directoryFound) context.output.note(context.output.messages.dashboards.noDirectory);
      return EXIT.ok;
    }),
};
