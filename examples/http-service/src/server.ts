import type { AddressInfo } from 'node:net';
import { checkTenantId, chinaCalendar } from '@casefold/engine';
import { openSqliteStore } from '@casefold/sqlite';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { type TokenVerification, bearerTokenAuthenticator } from './authenticate.js';
import { tenantDirectory } from './directory.js';
import { type Tenant, type TenantOptions, startTenant } from './tenant.js';

/** Options of {@link startServer}. */
export interface StartServerOptions {
  /** The SQLite database file every tenant shares (created if missing). */
  readonly fileName: string;
  /** The tenants the service serves, each with its own jurisdiction directory (at least one; distinct ids). */
  readonly tenants: readonly TenantOptions[];
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
  /** Stops accepting requests, stops every tenant's read models and closes the store. */
  readonly close: () => Promise<void>;
}

/**
 * Checks the tenants before anything is opened: at least one, distinct ids that are tenant ids,
 * valid directories. @throws InvalidTenantError or Error naming the tenant and the problem.
 */
const checkTenants = (tenants: readonly TenantOptions[]): void => {
  if (tenants.length === 0) throw new Error('the service serves no tenant: give at least one in `tenants`');
  const seen = new Set<string>();
  for (const { tenantId, units } of tenants) {
    checkTenantId(tenantId);
    if (seen.has(tenantId)) throw new Error(`tenant "${tenantId}" is given twice in \`tenants\`; give each tenant once`);
    seen.add(tenantId);
    tenantDirectory(tenantId, units);
  }
};

/** Opens the shared store, starts each tenant's part of the service once, and serves the API over HTTP. */
export const startServer = async (options: StartServerOptions): Promise<RunningServer> => {
  checkTenants(options.tenants);
  const opened = await openSqliteStore({ fileName: options.fileName });
  const tenants = new Map<string, Tenant>();
  const closeTenants = async (): Promise<void> => {
    await Promise.all([...tenants.values()].map((tenant) => tenant.close()));
  };
  try {
    for (const tenant of options.tenants) tenants.set(tenant.tenantId, await startTenant({ shared: opened, tenant }));
  } catch (error) {
    await closeTenants();
    await opened.close();
    throw error;
  }
  const app = createApp({
    authenticate: bearerTokenAuthenticator(options.tokens),
    tenants,
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
      await closeTenants();
      await opened.close();
    },
  };
};
