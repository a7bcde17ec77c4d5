import { statisticsReport } from '@casefold/core';
import { chinaCalendar } from '@casefold/engine';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { dateOption } from '../cli/optionValues.js';
import { renderStatistics } from '../dashboards/renderDashboards.js';
import { rowStatisticsOf } from '../dashboards/rows/rowStatistics.js';
import { currentDashboards } from '../session/currentDashboards.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';

/** `casefold stats`: the published figures for a period. */
export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'the figures a centre publishes, for the cases submitted in a period',
  usage: 'stats [--from DATE] [--to DATE] [--db FILE] [--json]',
  description: [
    'Counts the cases submitted in [--from, --to): intake by channel and category (online share,',
    'labour share), review outcomes, mediations by track and success rate, agreed and claimed',
    'amounts, notarizations, closures and on-time rate, call-back satisfaction, escalations.',
    'A DATE is YYYY-MM-DD (midnight Beijing time) or a UTC instant such as 2025-07-01T00:00:00Z.',
    'A period that holds no instant (--from not before --to) is a usage error (exit 2). The figures',
    "come from the statistics rows kept in the store's database, brought up to date first.",
  ].join('\n'),
  options: [
    { name: 'from', type: 'string', placeholder: 'DATE', description: 'first day (included); default: the beginning' },
    { name: 'to', type: 'string', placeholder: 'DATE', description: 'day after the last (excluded), later than --from; default: no end' },
  ],
  positionals: [],
  run: async (context) => {
    const from = dateOption('from', context.strings['from']);
    const to = dateOption('to', context.strings['to']);
    return withStore(await openStoreFor(context), async (store) => {
      const period = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
      const report =
        store.rowProjections === undefined
          ? statisticsReport((await currentDashboards(store, context.output)).state.statistics, chinaCalendar(), period)
          : await rowStatisticsOf(store, { ...period, calendar: chinaCalendar(), rowStore: store.rowProjections, output: context.output });
      context.output.result(report);
      context.output.text(...renderStatistics(report, context.output.messages, context.output.messages.dashboards.statistics.statsHeading));
      return EXIT.ok;
    });
  },
};
