import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './support/startEmbeddedPostgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of a PostgreSQL server for this test run. */
    databaseUrl: string;
  }
}

/**
 * Gives the test files a real PostgreSQL server: `DATABASE_URL` when set, otherwise an
 * embedded server started here (about 1.5 s) and stopped when the run ends. Durability
 * settings are relaxed (`fsync=off`): the tests check semantics, not disks.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const given = process.env['DATABASE_URL'];
  if (given !== undefined && given !== '') {
    project.provide('databaseUrl', given);
    return undefined;
  }
  const server = await startEmbeddedPostgres({ settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
  project.provide('databaseUrl', server.url);
  return () => server.destroy();
}
