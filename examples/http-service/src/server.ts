import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { type CaseState, createAuthorization, decodeErrorsMessage, mediationWorkflow, mediationWorkflowV1, shippedAuthorizationPolicies } from '@casefold/core';
import { caseCommandHandler, chinaCalendar, streamStateCache } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { type TokenVerification, bearerTokenAuthenticator } from './authenticate.js';
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
  /** How callers' bearer tokens are verified. */
  readonly tokens: TokenVerification;
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
  const directory = serviceDirectory();
  const authorization = E.getOrElseW((errors: Parameters<typeof decodeErrorsMessage>[0]) => {
    throw new Error(`the service's authorization policies are invalid: ${decodeErrorsMessage(errors)}`);
  })(createAuthorization({ policies: shippedAuthorizationPolicies.filter((p) => p.workflow === mediationWorkflow.id), workflows: [mediationWorkflow, mediationWorkflowV1], directory }));
  const execute = caseCommandHandler({ store, directory, workflow: mediationWorkflow, authorization, cache: streamStateCache<CaseState>({ maxStreams: 10_000 }) });
  const app = createApp({
    authenticate: bearerTokenAuthenticator(options.tokens),
    authorization,
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
