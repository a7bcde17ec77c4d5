import { isInvalidStoreOptionError, isSchemaTooNewError } from '@casefold/engine';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { isStoreUnavailableError } from '@casefold/engine';
import { openPostgresStore, isInvalidConnectionStringError, isPostgresAuthenticationError, latestSchemaVersion } from '../src/index.js';
import { freePort } from '@casefold/postgres/testing';
import { databaseUrl, newEvent, openTestStore, sql, uniqueSchema } from './support/testStore.js';

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

describe('bad connection input gives a clear typed error in bounded time', () => {
  it.each([
    ['an empty string', ''],
    ['plain words', 'not a connection string'],
    ['another scheme', 'http://localhost:5432/db'],
    ['keyword/value form', 'host=localhost dbname=x'],
    ['a URL with no host', 'postgres:///db'],
    ['a URL with a bad port', 'postgres://user:secret@localhost:99999/db'],
  ])('rejects %s before connecting', async (_, connectionString) => {
    const { error, ms } = await failure(() => openPostgresStore({ connectionString }));
    expect(isInvalidConnectionStringError(error), String(error)).toBe(true);
    expect((error as Error).message).not.toContain('secret');
    expect(ms).toBeLessThan(200);
  });

  it.each([
    ['a query port that is not a number', (url: URL) => url.searchParams.set('port', 'x'), /'port' is 'x'/],
    ['a query port out of range', (url: URL) => url.searchParams.set('port', '0'), /'port' is '0'/],
    ['an empty query host', (url: URL) => url.searchParams.set('host', ''), /'host' is empty/],
    ['a malformed %-escape in the database name', (url: URL) => (url.pathname = '/db%ZZ'), /database name has a malformed %-escape/],
    ['a malformed %-escape in the password', (url: URL) => (url.password = 'pw%ZZ'), /password has a malformed %-escape/],
    ['a missing sslcert file', (url: URL) => url.searchParams.set('sslcert', '/missing/cert.pem'), /'sslcert' names a file that cannot be read \(ENOENT/],
    ['a missing sslrootcert file', (url: URL) => url.searchParams.set('sslrootcert', '/missing/ca.pem'), /'sslrootcert' names a file that cannot be read/],
    ['an unknown sslmode', (url: URL) => url.searchParams.set('sslmode', 'sometimes'), /'sslmode' is 'sometimes'/],
    ['an unknown ssl value', (url: URL) => url.searchParams.set('ssl', 'maybe'), /'ssl' is 'maybe'/],
    ['an unknown sslnegotiation', (url: URL) => url.searchParams.set('sslnegotiation', 'x'), /'sslnegotiation' is 'x'/],
  ])(
    'rejects %s at once, saying what is wrong (and the open settles)',
    async (_, change, reason) => {
      const { error, ms } = await failure(() => openPostgresStore({ connectionString: withUrl(change), pool: { connectionTimeoutMs: 500 } }));
      expect(isInvalidConnectionStringError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(reason);
      expect(ms).toBeLessThan(200);
    },
    3_000,
  );

  it.each([
    ['a number', 123],
    ['a control character', 'app\u0000name'],
    ['more than 63 characters', 'a'.repeat(64)],
  ])('rejects pool.applicationName that is %s, naming the option', async (_, applicationName) => {
    const { error } = await failure(() => openPostgresStore({ connectionString: databaseUrl(), pool: { applicationName: applicationName as string } }));
    expect(isInvalidStoreOptionError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ option: 'pool.applicationName' });
  });

  it('rejects out-of-range options', async () => {
    for (const options of [{ schema: 'Bad-Name' }, { pool: { max: 0 } }, { pageSize: 0 }, { pool: { connectionTimeoutMs: -1 } }, { headCacheSize: 1.5 }]) {
      const { error } = await failure(() => openPostgresStore({ connectionString: databaseUrl(), ...options }));
      expect(isInvalidStoreOptionError(error), String(error)).toBe(true);
    }
  });

  it('bounds every interval by a timer’s limit (Node fires a longer timer after 1 ms), as SQLite does: pollIntervalMs over 2^31 − 1 is refused', async () => {
    for (const options of [{ pollIntervalMs: 2 ** 31 }, { notifyIntervalMs: 2 ** 31 }, { visibilityWaitMs: 2 ** 31 }, { pool: { queryTimeoutMs: 2 ** 31 } }, { groupCommit: 'yes' as never }]) {
      const { error } = await failure(() => openPostgresStore({ connectionString: databaseUrl(), ...options }));
      expect(isInvalidStoreOptionError(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /^Invalid store option '(pool\.)?\w+': must be (a whole number from \d+ to 2147483647, got 2147483648|true or false, got 'yes' \(a string\))\. Nothing was opened/,
      );
    }
    const store = await openPostgresStore({ connectionString: databaseUrl(), schema: uniqueSchema('bounds'), pollIntervalMs: 2 ** 31 - 1 });
    await store.close();
  });

  it('reports wrong credentials as PostgresAuthenticationError without the password', async () => {
    const connectionString = withUrl((url) => {
      url.password = 'wrong-secret';
    });
    const { error, ms } = await failure(() => openPostgresStore({ connectionString, pool: { connectionTimeoutMs: 2_000 } }));
    expect(isPostgresAuthenticationError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ code: '28P01' });
    expect((error as Error).message).not.toContain('wrong-secret');
    expect(ms).toBeLessThan(2_000);
  });

  it('reports a missing database as PostgresAuthenticationError (3D000)', async () => {
    const connectionString = withUrl((url) => {
      url.pathname = '/no_such_database';
    });
    const { error } = await failure(() => openPostgresStore({ connectionString }));
    expect(isPostgresAuthenticationError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ code: '3D000' });
  });

  it('reports a server that is down as StoreUnavailableError at once', async () => {
    const port = await freePort();
    const { error, ms } = await failure(() => openPostgresStore({ connectionString: `postgres://u:p@127.0.0.1:${port}/db` }));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect((error as Error).message).toContain(`PostgreSQL at 127.0.0.1:${port}/db`);
    expect((error as { retryable?: boolean }).retryable).toBe(true);
    expect(ms).toBeLessThan(1_000);
  });

  it('reports a Unix socket directory with no server as StoreUnavailableError naming it', async () => {
    const { error, ms } = await failure(() => openPostgresStore({ connectionString: 'postgres:///db?host=/nonexistent-casefold-dir&user=u' }));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect((error as Error).message).toContain('PostgreSQL at /nonexistent-casefold-dir:5432/db');
    expect(ms).toBeLessThan(1_000);
  });

  describe('a server that accepts and never answers', () => {
    let server: Server;
    let port = 0;
    const sockets = new Set<Socket>();
    beforeAll(async () => {
      server = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    });

    it('gives StoreUnavailableError within the connection timeout', async () => {
      const { error, ms } = await failure(() => openPostgresStore({ connectionString: `postgres://u:p@127.0.0.1:${port}/db`, pool: { connectionTimeoutMs: 400 } }));
      expect(isStoreUnavailableError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain(`PostgreSQL at 127.0.0.1:${port}/db`);
      expect(ms).toBeGreaterThanOrEqual(350);
      expect(ms).toBeLessThan(2_000);
      expect(sockets.size).toBeGreaterThan(0);
    });
  });

  it('cuts a statement that waits too long and reports it as retryable', async () => {
    const store = await openTestStore({ pool: { statementTimeoutMs: 300 } });
    const holder = new pg.Client({ connectionString: databaseUrl() });
    await holder.connect();
    try {
      await store.events.appendToStream('held', [newEvent()], { expectedRevision: 'no_stream' });
      // Another transaction claims revision 1 and stays open: the append must wait for it.
      await holder.query('BEGIN');
      await holder.query(
        `INSERT INTO "${store.schema}".events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash)
         VALUES (1, 'held', 1, 'x', 'X', '{}', '{}', '', '')`,
      );
      const { error, ms } = await failure(() => store.events.appendToStream('held', [newEvent()], { expectedRevision: 0n }));
      expect(isStoreUnavailableError(error), String(error)).toBe(true);
      expect((error as Error).message).toContain(`append to stream 'held', PostgreSQL at ${new URL(databaseUrl()).host}/`);
      expect(ms).toBeLessThan(3_000);
      await holder.query('ROLLBACK');
      expect((await store.events.appendToStream('held', [newEvent()], { expectedRevision: 0n })).nextExpectedRevision).toBe(1n);
    } finally {
      await holder.end();
      await store.dispose();
    }
  });

  it('refuses a schema written by a newer casefold and leaves it unchanged', async () => {
    const store = await openTestStore();
    await store.close();
    await sql(`INSERT INTO "${store.schema}".schema_version (version, description) VALUES ($1, 'from the future')`, [latestSchemaVersion + 1]);
    const { error } = await failure(() => openPostgresStore({ connectionString: databaseUrl(), schema: store.schema }));
    expect(isSchemaTooNewError(error), String(error)).toBe(true);
    expect(await sql(`SELECT max(version) AS v FROM "${store.schema}".schema_version`)).toEqual([{ v: latestSchemaVersion + 1 }]);
    await sql(`DROP SCHEMA "${store.schema}" CASCADE`);
  });
});

describe('migrations', () => {
  it('several stores opening a fresh schema at once migrate it exactly once', async () => {
    const schema = uniqueSchema('race');
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ connectionString: databaseUrl(), schema })));
    await Promise.all(stores.map((s) => s.close()));
    expect(await sql(`SELECT version FROM "${schema}".schema_version ORDER BY version`)).toEqual(Array.from({ length: latestSchemaVersion }, (_, i) => ({ version: i + 1 })));
    await sql(`DROP SCHEMA "${schema}" CASCADE`);
  });

  it('raises the position base when the events are ahead of the cluster (a restored dump), keeping order', async () => {
    const store = await openTestStore();
    const before = await store.events.appendToStream('restored', [newEvent()]);
    await store.close();
    // Simulate a restore into a cluster with younger transaction ids: an event far in the future.
    const future = (2n ** 40n) << 16n;
    await sql(
      `INSERT INTO "${store.schema}".events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash)
       VALUES ($1, 'restored', 1, 'future', 'X', '{}', '{"occurredAt":"","recordedAt":"","commandId":"","correlationId":"","causationId":null,"schemaVersion":1}', $2, '')`,
      [future.toString(), before.events[0]!.hash],
    );
    const reopened = await openTestStore({ schema: store.schema });
    try {
      const after = await reopened.events.appendToStream('later', [newEvent()]);
      expect(after.lastPosition > future).toBe(true);
      const all: bigint[] = [];
      for await (const e of reopened.events.readAll()) all.push(e.position);
      expect(all).toEqual([before.lastPosition, future, after.lastPosition]);
    } finally {
      await reopened.dispose();
    }
  });
});
