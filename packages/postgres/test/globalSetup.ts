/** This package's tests (and fixtures/failingRun) get a real PostgreSQL server: see postgresGlobalSetup. */
export { postgresGlobalSetup as default } from '@casefold/postgres/testing';
