import { DEFAULT_DASHBOARD_PORT, isLoopbackHost, startDashboard } from '@casefold/dashboard';
import { UsageError } from '../cli/cliErrors.js';
import { localized } from '../i18n/localizedText.js';
import type { CliCommand } from '../cli/command.js';
import { EXIT } from '../cli/exitCodes.js';
import { integerOption } from '../cli/optionValues.js';
import { shownValue } from '../cli/typedValue.js';
import { openStoreFor, withStore } from '../session/openStoreFor.js';
import { PRINCIPAL_OPTIONS, commandPrincipalOf } from './principalOptions.js';
import { servedSourceOf } from '../dashboards/rows/servedSource.js';
import { unquotedLocation } from '../store/storeLocation.js';

/** Resolves once the process is asked to stop (Ctrl+C, SIGTERM). */
const stopRequested = (): Promise<string> =>
  new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

/** Whether an error is Node's "address in use" or "cannot bind" error. */
const listenFailure = (error: unknown): string | null =>
  error instanceof Error && 'code' in error && (error.code === 'EADDRINUSE' || error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') ? String(error.code) : null;

/** `casefold serve`: the read-only web dashboard of a store, until stopped. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the dashboards as a local, read-only web page (zh-CN or English)',
  usage: 'serve [--db FILE] [--store URL] [--port N] [--lang zh-CN|en] [--host ADDRESS] [--principal FILE [--policy FILE]]',
  description: [
    'Serves the case board, deadlines and supervision, escalation paths, statistics and each',
    "case's timeline as web pages, with the figures of `casefold dashboards`, until Ctrl+C. The",
    'pages follow new events as they are stored. It writes no event (like `dashboards`, it keeps',
    'the stored read model up to date). With --principal FILE every page shows only what the',
    'authorization policy (the shipped one, or --policy FILE) lets that principal see, and any',
    '--host is accepted; without it, it serves this computer only (127.0.0.1) and another --host',
    "is refused. --lang chooses the pages' language; the default follows LC_ALL, LC_MESSAGES or",
    'LANG (zh… gives zh-CN, anything else English). See docs/dashboard.md.',
  ].join('\n'),
  options: [
    { name: 'port', type: 'string', placeholder: 'N', description: `the port to listen on (default ${DEFAULT_DASHBOARD_PORT}; 0 picks a free one)` },
    { name: 'host', type: 'string', placeholder: 'ADDRESS', description: 'the address to listen on (default 127.0.0.1; loopback only without --principal)' },
    ...PRINCIPAL_OPTIONS,
  ],
  positionals: [],
  run: async (context) => {
    const port = integerOption('port', context.strings['port'], DEFAULT_DASHBOARD_PORT, { min: 0, max: 65_535 });
    const { language, messages } = context.output;
    const host = context.strings['host'] ?? '127.0.0.1';
    if (!isLoopbackHost(host) && context.strings['principal'] === undefined) {
      throw new UsageError(
        localized((m) => m.serve.remoteHost(shownValue(host))),
        'serve',
      );
    }
    return withStore(await openStoreFor(context), async (store) => {
      const reader = await commandPrincipalOf(context, store, 'serve');
      context.output.note(messages.serve.opening(store.description));
      const { source, stop } = await servedSourceOf(store, context.output);
      try {
        await source.readModels();
        const access = reader === null ? {} : { access: { authorization: reader.authorization, principalOf: () => reader.principal } };
        const dashboard = await startDashboard({ source, language, host, port, ...access }).catch((error: unknown) => {
          const code = listenFailure(error);
          if (code === null) throw error;
          throw new UsageError(
            localized((m) => m.serve.cannotListen(host, port, code)),
            'serve',
          );
        });
        context.output.note(reader === null ? messages.serve.localOnly(host) : messages.serve.scoped(reader.policyFile, shownValue(reader.principal.id), host));
        context.output.text(messages.serve.serving(store.description, language, dashboard.url));
        context.output.result({ url: dashboard.url, database: unquotedLocation(store.description), language });
        await stopRequested();
        await dashboard.close();
        return EXIT.ok;
      } finally {
        await stop();
      }
    });
  },
};
