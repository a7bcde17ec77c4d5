/** `postgres*.test.ts` get a real PostgreSQL server from the postgres package's test kit. */
export { postgresGlobalSetup as default } from '@casefold/postgres/testing';
