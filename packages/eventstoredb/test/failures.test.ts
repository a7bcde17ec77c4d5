import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isInvalidStoreOptionError, isStoreUnavailableError } from '@casefold/engine';
import { newEvent } from '@casefold/engine/testing';
import { openSqliteStore } from '@casefold/sqlite';
import { isEventStoreDbAccessDeniedError, openEventStoreDbStore } from '@casefold/eventstoredb';
import { startEventStoreDouble, type EventStoreDouble } from './double/eventStoreDouble.js';
import { openTestStore } from './support/testStore.js';
import { timedFailure } from './support/failure.js';

const PASSWORD = 's3cret-Pa55';

const open = async (connectionString: string, operationTimeoutMs = 1_000) =>
  openEventStoreDbStore({ connectionString, projections: await openSqliteStore({ fileName: ':memory:' }), operationTimeoutMs });

describe('connection strings that cannot be used: InvalidStoreOptionError before anything is contacted, never the password', () => {
  it.each([
    ['not a URL', `admin:${PASSWORD}@localhost:2113`],
    ['another scheme', `http://admin:${PASSWORD}@localhost:2113`],
    ['a port that is no number', `esdb://admin:${PASSWORD}@localhost:port?tls=false`],
    ['an unknown parameter value', `esdb://admin:${PASSWORD}@localhost:2113?tls=maybe`],
  ])('%s', async (_, connectionString) => {
    const { error, ms } = await timedFailure(() => open(connectionString));
    expect(isInvalidStoreOptionError(error), String(error)).toBe(true);
    expect(error.message).toContain('connectionString');
    expect(error.message).not.toContain(PASSWORD);
    expect(ms).toBeLessThan(1_000);
  });
});

describe("the client's own messages, which quote the connection string whole, are never passed on", () => {
  it('a parameter the client does not know is refused, and nothing is printed with the password', async () => {
    const warn = vi.spyOn(console, 'warn');
    try {
      const { error } = await timedFailure(() => open(`esdb://admin:${PASSWORD}@localhost:2113?tls=false&streamPrefix=x-`));
      expect(isInvalidStoreOptionError(error), String(error)).toBe(true);
      expect(error.message).toContain("'streamPrefix'");
      expect(error.message).not.toContain(PASSWORD);
      expect(warn.mock.calls.flat().join('\n')).not.toContain(PASSWORD);
    } finally {
      warn.mockRestore();
    }
  });

  it("a warning of the client's is printed without the string", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { error } = await timedFailure(() => open(`esdb://admin:${PASSWORD}@127.0.0.1:1?tls=false&tlsVerifyCert=false`, 300));
      expect(isStoreUnavailableError(error), String(error)).toBe(true);
      const printed = warn.mock.calls.flat().join('\n');
      expect(printed).toContain('tlsVerifyCert');
      expect(printed).not.toContain(PASSWORD);
    } finally {
      warn.mockRestore();
    }
  });

  it("a password holding '/' (which the client reads as part of the password) is not taken for the host", async () => {
    const { error } = await timedFailure(() => open(`esdb://admin:pa/${PASSWORD}@127.0.0.1:1?tls=false`, 300));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(error.message).toContain("'127.0.0.1:1'");
    expect(error.message).not.toMatch(/admin|pa\//u);
  });
});

describe('a server that is not there or does not answer: StoreUnavailableError within a bounded time', () => {
  const servers: Server[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  const listen = async (onConnection: (socket: Socket) => void): Promise<number> => {
    const server = createServer(onConnection);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  };

  it('nothing listening on the port (the password is not in the message)', async () => {
    const port = await listen(() => undefined);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    const { error, ms } = await timedFailure(() => open(`esdb://admin:${PASSWORD}@127.0.0.1:${port}?tls=false`));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).not.toContain(PASSWORD);
    expect(ms).toBeLessThan(5_000);
  });

  it('a peer that accepts the connection and never answers: the timeout, not a hang', async () => {
    const port = await listen((socket) => sockets.push(socket));
    const { error, ms } = await timedFailure(() => open(`esdb://admin:${PASSWORD}@127.0.0.1:${port}?tls=false`, 500));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(error.message).toContain('no answer within 500 ms');
    expect(error.message).not.toContain(PASSWORD);
    expect(ms).toBeGreaterThanOrEqual(450);
    expect(ms).toBeLessThan(3_000);
  });
});

describe('server answers that are failures', () => {
  let double: EventStoreDouble;
  afterEach(() => double.stop());

  it('access denied is EventStoreDbAccessDeniedError, not retryable; nothing was written', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString);
    await store.events.appendToStream('s', [newEvent()]);
    const before = double.log.all.length;
    double.setFault('access_denied');
    const { error } = await timedFailure(() => store.events.appendToStream('s', [newEvent()]));
    expect(isEventStoreDbAccessDeniedError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ retryable: false, target: `localhost:${double.port}` });
    expect(double.log.all.length).toBe(before);
    double.setFault(null);
    expect((await store.events.appendToStream('s', [newEvent()], { expectedRevision: 0n })).nextExpectedRevision).toBe(1n);
    await store.close();
  });

  it('a node that is not ready is a retryable StoreUnavailableError, the call not sent again by the store; the retry succeeds', async () => {
    double = await startEventStoreDouble();
    const store = await openTestStore(double.connectionString, { operationTimeoutMs: 2_000 });
    double.setFault('not_ready');
    const appends = double.calls.appends;
    const { error } = await timedFailure(() => store.events.appendToStream('s', [newEvent()], { expectedRevision: 'no_stream' }));
    expect(isStoreUnavailableError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ retryable: true });
    expect(error.message).toContain('Server Is Not Ready');
    // The server saw the append (UNAVAILABLE after sending, unlike a call the client dropped): the caller decides to retry, not the store.
    expect(double.calls.appends).toBe(appends + 1);
    double.setFault(null);
    expect((await store.events.appendToStream('s', [newEvent()], { expectedRevision: 'no_stream' })).nextExpectedRevision).toBe(0n);
    await store.close();
  });
});
