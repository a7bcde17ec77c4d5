import type { AddressInfo } from 'node:net';
import { type CaseState, mediationWorkflow } from '@casefold/core';
import { caseCommandHandler, chinaCalendar, streamStateCache } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { serviceDirectory } from './directory.js';
import { startReadModels } from './readModels.js';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** The SQLite database file (created if missing). */
  readonly fileName: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly hostname: string;
  /** How long a read waits for `?after=POSITION`. Default 5,000 ms. */
  readonly readYourWritesTimeoutMs?: number;
}

/** A running service: its base URL and how to stop it. */
export interface RunningServer {
  readonly url: string;
  /** Stops accepting requests, stops the read models and closes the store. */
  readonly close: () => Promise<void>;
}

/** Opens the store, starts the read models and serves the API over HTTP. */
export const startServer = async (options: StartServerOptions): Promise<RunningServer> => {
  const opened = await openSqliteStore({ fileName: options.fileName });
  const store = opened.events;
  const readModels = await startReadModels(store, opened.projections);
  const execute = caseCommandHandler({ store, directory: serviceDirectory(), workflow: mediationWorkflow, cache: streamStateCache<CaseState>({ maxStreams: 10_000 }) });
  const app = createApp({
    execute,
    store,
    readModels,
    calendar: chinaCalendar(),
    ...(options.readYourWritesTimeoutMs === undefined ? {} : { readYourWritesTimeoutMs: options.readYourWritesTimeoutMs }),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.hostname}:${port}`,
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
      await readModels.stop();
      await opened.close();
    },
  };
};
