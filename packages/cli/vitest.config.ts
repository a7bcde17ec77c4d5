import { defineProject, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

/**
 * Two global setups: the shared SQLite demo database, and a real PostgreSQL server for
 * `postgres*.test.ts` (`@casefold/postgres/testing`: `DATABASE_URL`, or an embedded server).
 */
export default mergeConfig(shared, defineProject({ test: { globalSetup: ['test/globalSetup.ts', 'test/postgresGlobalSetup.ts'] } }));
