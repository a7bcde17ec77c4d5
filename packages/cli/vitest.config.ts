import { defineProject, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

/**
 * Two global setups: the shared SQLite demo database, and a real PostgreSQL server for
 * `postgres*.test.ts` (the postgres package's setup: `DATABASE_URL`, or an embedded server).
 * The second is named by path: vitest loads global setup files without the
 * `@casefold/source` condition, so a package import would need a build (`dist/`).
 * Three minutes a test: many run the command line several times over the 5,000-case demo
 * database (a replay, a verify, dashboards before and after), each a process of its own, and a
 * loaded machine must not fail them on time alone (one took 60 s, the shared limit, under load).
 */
export default mergeConfig(shared, defineProject({ test: { testTimeout: 180_000, globalSetup: ['test/globalSetup.ts', '../postgres/test/globalSetup.ts'] } }));
