import { createRequire } from 'node:module';
import { freePort } from '@casefold/postgres/testing';
import { REPO_ROOT } from './runCasefold.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of a PostgreSQL server (@casefold/postgres/testing's postgresGlobalSetup). */
    databaseUrl: string;
  }
}

/** The slice of `pg` these tests use; `pg` is a dependency of @casefold/postgres, not of the CLI. */
interface PgClient {
  connect(): Promise<void>;
  query(text: string): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}
const pg = createRequire(`${REPO_ROOT}packages/postgres/package.json`)('pg') as { Client: new (config: { connectionString: string }) => PgClient };

/** A `pg` client of the server at `url` (for a test that holds a connection open). */
export const pgClient = (url: string): PgClient => new pg.Client({ connectionString: url });

/** Runs one statement on its own connection. */
export const sql = async (text: string, url: string): Promise<Record<string, unknown>[]> => {
  const client = pgClient(url);
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
};

/** A TCP port on 127.0.0.1 that nothing listens on: a free port, asked of the OS and released. */
export const closedPort = freePort;
