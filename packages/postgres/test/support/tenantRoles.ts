import { databaseUrl, sql } from './testStore.js';

const PASSWORD = 'tenant-secret';

/** The server's URL, logged in as `role`. */
export const urlAs = (role: string): string => {
  const url = new URL(databaseUrl());
  url.username = role;
  url.password = PASSWORD;
  return url.toString();
};

/** A login role for one tenant with the grants the adapter needs on `schema` (docs/tenancy.md), as its owner would give them. */
export const createTenantRole = async (schema: string, role: string): Promise<void> => {
  await sql(`CREATE ROLE "${role}" LOGIN PASSWORD '${PASSWORD}'`);
  await sql(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
  await sql(`GRANT SELECT, INSERT ON "${schema}".events TO "${role}"`);
  await sql(`GRANT SELECT ON "${schema}".schema_version, "${schema}".settings TO "${role}"`);
  await sql(`GRANT SELECT, INSERT, UPDATE, DELETE ON "${schema}".projections, "${schema}".app_settings TO "${role}"`);
};

/** Drops the schema, then the roles (they own nothing once it is gone). */
export const dropTenantSchema = async (schema: string, roles: readonly string[]): Promise<void> => {
  await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  for (const role of roles) await sql(`DROP ROLE IF EXISTS "${role}"`);
};
