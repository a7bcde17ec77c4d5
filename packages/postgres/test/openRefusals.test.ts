import { isDatabaseOpenError, isIncompatibleDatabaseError, isInvalidStoreOptionError } from '@casefold/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, storeExists } from '../src/index.js';
import { freePort } from '@casefold/postgres/testing';
import { databaseUrl, newEvent, sql, uniqueSchema } from './support/testStore.js';

/** Runs `open` and returns its rejection and how long it took (fails if it succeeds). */
const failure = async (open: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> => {
  const start = performance.now();
  try {
    await open();
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
  throw new Error('expected a failure, but it succeeded');
};

const withUrl = (change: (url: URL) => void): string => {
  const url = new URL(databaseUrl());
  change(url);
  return url.toString();
};

/** `host:port/database` of the test server, as messages name it. */
const target = (): string => {
  const url = new URL(databaseUrl());
  return `${url.hostname}:${url.port}${url.pathname}`;
};

/** A table's rows of a schema, or `null` when the schema or table does not exist. */
const tableExists = async (schema: string, table: string): Promise<boolean> => (await sql<{ found: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS found`, [`"${schema}".${table}`]))[0]!.found;

describe('a server without TLS, asked for TLS', () => {
  it.each([['sslmode=require'], ['ssl=true']])('%s: DatabaseOpenError naming the server (no credentials), saying TLS was refused and what to do', async (parameter) => {
    const [key, value] = parameter.split('=') as [string, string];
    // TLS is refused before the login: any password shows whether the message leaks it.
    const connectionString = withUrl((url) => {
      url.password = 'tls-secret';
      url.searchParams.set(key, value);
    });
    const { error, ms } = await failure(() => openPostgresStore({ connectionString, schema: uniqueSchema('tls') }));
    expect(isDatabaseOpenError(error), String(error)).toBe(true);
    const { message } = error as Error;
    expect(message).toContain(`Cannot open the database '${target()}'`);
    expect(message).toMatch(/refused TLS/);
    expect(message).toMatch(/ssl = on .*sslmode=disable/);
    expect(message).not.toContain('tls-secret');
    expect(error).toMatchObject({ retryable: false, target: target() });
    expect(ms).toBeLessThan(2_000);
  });

  it('is the same error from storeExists and openPostgresStore', async () => {
    const connectionString = withUrl((url) => url.searchParams.set('sslmode', 'require'));
    for (const open of [() => storeExists({ connectionString, schema: 'casefold' }), () => openPostgresStore({ connectionString, schema: 'casefold' })]) {
      const { error } = await failure(open);
      expect(isDatabaseOpenError(error), String(error)).toBe(true);
    }
  });
});

describe('schema names PostgreSQL keeps for itself', () => {
  it.each([['pg_store'], ['pg_catalog'], ['pg_'], ['information_schema']])("'%s' is InvalidStoreOptionError before anything is contacted", async (schema) => {
    // A port where nothing listens: contacting it would be StoreUnavailableError.
    const connectionString = `postgres://u:p@127.0.0.1:${await freePort()}/db`;
    for (const open of [() => openPostgresStore({ connectionString, schema }), () => storeExists({ connectionString, schema })]) {
      const { error, ms } = await failure(open);
      expect(isInvalidStoreOptionError(error), String(error)).toBe(true);
      expect(error).toMatchObject({ option: 'schema' });
      expect((error as Error).message).toMatch(/PostgreSQL keeps for its own catalogs.*choose another/);
      expect(ms).toBeLessThan(200);
    }
  });

  it("leaves information_schema without casefold's tables (a superuser could create them there)", async () => {
    const { error } = await failure(() => openPostgresStore({ connectionString: databaseUrl(), schema: 'information_schema' }));
    expect(isInvalidStoreOptionError(error), String(error)).toBe(true);
    expect(await tableExists('information_schema', 'events')).toBe(false);
  });

  it("names that only contain or resemble them are ordinary: 'my_pg_store', 'information_schema_copy'", async () => {
    for (const schema of ['my_pg_store', 'information_schema_copy']) {
      const store = await openPostgresStore({ connectionString: databaseUrl(), schema });
      await store.close();
      await sql(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });
});

describe('a role without the privileges the store needs', () => {
  const role = `casefold_role_${process.pid}`;
  const password = 'role-secret';
  const asRole = (): string =>
    withUrl((url) => {
      url.username = role;
      url.password = password;
    });
  beforeAll(async () => {
    await sql(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    // PostgreSQL 15+ gives PUBLIC no CREATE on databases or the public schema; make sure.
    await sql(`REVOKE CREATE ON DATABASE "${new URL(databaseUrl()).pathname.slice(1) || 'postgres'}" FROM PUBLIC`);
  });
  afterAll(async () => {
    await sql(`DROP OWNED BY ${role} CASCADE`);
    await sql(`DROP ROLE ${role}`);
  });

  it('no CREATE on the database and no schema yet: DatabaseOpenError saying how to create it, nothing created', async () => {
    const schema = uniqueSchema('nocreate');
    const { error } = await failure(() => openPostgresStore({ connectionString: asRole(), schema }));
    expect(isDatabaseOpenError(error), String(error)).toBe(true);
    const { message } = error as Error;
    expect(message).toContain(`Cannot open the database '${target()}'`);
    expect(message).toContain(`may not prepare the schema '${schema}' (permission denied for database`);
    expect(message).toContain(`CREATE SCHEMA ${schema} AUTHORIZATION <role>`);
    expect(message).not.toContain(password);
    expect((await sql(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [schema])).length).toBe(0);
  });

  it('a schema an administrator made for the role opens, though the role may not create schemas', async () => {
    const schema = uniqueSchema('granted');
    await sql(`CREATE SCHEMA "${schema}" AUTHORIZATION ${role}`);
    const store = await openPostgresStore({ connectionString: asRole(), schema });
    try {
      const appended = await store.events.appendToStream('granted-stream', [newEvent()]);
      expect(appended.nextExpectedRevision).toBe(0n);
    } finally {
      await store.close();
      await sql(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });

  it('USAGE but no CREATE on an existing schema: DatabaseOpenError saying what to grant, the schema left empty', async () => {
    const schema = uniqueSchema('usage');
    await sql(`CREATE SCHEMA "${schema}"; GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
    try {
      const { error } = await failure(() => openPostgresStore({ connectionString: asRole(), schema }));
      expect(isDatabaseOpenError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO <role>`);
      expect(await sql(`SELECT relname FROM pg_class WHERE relnamespace = $1::regnamespace`, [`"${schema}"`])).toEqual([]);
    } finally {
      await sql(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });

  it("no access to an existing store's tables: DatabaseOpenError saying what to grant, the store unchanged", async () => {
    const schema = uniqueSchema('tables');
    const owner = await openPostgresStore({ connectionString: databaseUrl(), schema });
    await owner.events.appendToStream('kept', [newEvent()]);
    await owner.close();
    await sql(`GRANT USAGE ON SCHEMA "${schema}" TO ${role}`);
    try {
      const { error } = await failure(() => openPostgresStore({ connectionString: asRole(), schema }));
      expect(isDatabaseOpenError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain(`ON ALL TABLES IN SCHEMA ${schema} TO <role>`);
      expect(await sql(`SELECT stream_id FROM "${schema}".events`)).toEqual([{ stream_id: 'kept' }]);
    } finally {
      await sql(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });
});

describe("a schema holding another application's table of casefold's name", () => {
  it.each([
    ['events', (s: string) => `CREATE TABLE "${s}".events (id serial PRIMARY KEY, body text); INSERT INTO "${s}".events (body) VALUES ('theirs')`, 'events'],
    ['schema_version', (s: string) => `CREATE TABLE "${s}".schema_version (installed_rank int, script text); INSERT INTO "${s}".schema_version VALUES (1, 'theirs')`, 'schema_version'],
  ])('a foreign %s table: IncompatibleDatabaseError, their table and rows unchanged, nothing of casefold created', async (_, create, table) => {
    const schema = uniqueSchema('foreign');
    await sql(`CREATE SCHEMA "${schema}"; ${create(schema)}`);
    try {
      const { error } = await failure(() => openPostgresStore({ connectionString: databaseUrl(), schema }));
      expect(isIncompatibleDatabaseError(error), String(error)).toBe(true);
      const { message } = error as Error;
      expect(message).toContain(`Cannot use '${target()} (schema ${schema})' as a casefold event store`);
      expect(message).toContain("give the store a schema of its own (the 'schema' option)");
      expect(await sql(`SELECT relname FROM pg_class WHERE relnamespace = $1::regnamespace AND relkind = 'r' ORDER BY relname`, [`"${schema}"`])).toEqual([{ relname: table }]);
      expect((await sql(`SELECT * FROM "${schema}".${table}`)).length).toBe(1);
    } finally {
      await sql(`DROP SCHEMA "${schema}" CASCADE`);
    }
  });
});
