/**
 * This package's tests (and fixtures/failingRun) get a real PostgreSQL server: see
 * postgresGlobalSetup. Imported by path, not as `@casefold/postgres/testing`: vitest loads
 * global setup files without the `@casefold/source` condition, so on a clean clone (no
 * `dist/`) the package name would not resolve. The CLI's tests use this file too.
 */
export { postgresGlobalSetup as default } from '../src/testing/postgresGlobalSetup.js';
