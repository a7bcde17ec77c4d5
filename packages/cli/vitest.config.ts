import { defineProject, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.js';

/**
 * Two global setups: the shared SQLite demo database, and a real PostgreSQL server for
 * `postgres*.test.ts` (the postgres package's setup: `DATABASE_URL`, or an embedded server).
 * The second is named by path: vitest loads global setup files without the
 * `@casefold/source` condition, so a package import would need a build (`dist/`).
 */
export default mergeConfig(shared, defineProject({ test: { globalSetup: ['test/globalSetup.ts', '../postgres/test/globalSetup.ts'] } }));
