import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { isInvalidAppendError, isStoreUnavailableError, isWrongExpectedRevisionError, verifyAll } from '@casefold/engine';
import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from '@casefold/engine';
import pg from 'pg';
import { collect, databaseUrl, newEvent, openTestStore, sql, type TestStore } from './support/testStore.js';
import { outcomes } from './support/outcomes.js';

/**
 * Group commit on a real server. Stores here have ONE connection (`pool.max: 1`): an append
 * that finds it free is written alone at once, the appends made while it is busy wait and
 * are written together as the next group.
 */
const opened: TestStore[] = [];
const open = async (groupCommit = true): Promise<TestStore> => {
  // No subscriber listens here: the NOTIFY after commits (a statement of its own) would only
  // take the one connection between appends, so it is sent at most once an hour.
  const store = await openTestStore({ pool: { max: 1 }, groupCommit, notifyIntervalMs: 3_600_000 });
  opened.push(store);
  return store;
};
afterAll(async () => {
  await Promise.all(opened.map((s) => s.dispose()));
});

/** The transaction part of a position (positions.ts): equal for events written by one transaction. */
const transactionOf = (position: bigint): bigint => position >> 16n;

/** `stream@revision` of each event, leaving out the lead appends of {@link inOneGroup}. */
const keys = (events: readonly RecordedEvent[]): string[] => events.filter((e) => !e.streamId.startsWith('lead-')).map((e) => `${e.streamId}@${e.revision}`);

let leads = 0;
/**
 * Makes the appends `make` starts one group: a lead append (to a stream `lead-…` of its own)
 * takes the store's one connection first, so they all wait for it. Settles each in call order.
 */
const inOneGroup = async (store: TestStore, make: () => ReadonlyArray<Promise<AppendResult>>): Promise<unknown[]> => {
  // 'no_stream': a new stream needs no head read, so the lead is one statement.
  const lead = store.events.appendToStream(`lead-${(leads += 1)}`, [newEvent()], { expectedRevision: 'no_stream' });
  const results = outcomes(make());
  await lead;
  return results;
};

/** Makes the test schema's events table refuse events of type `Poison` (a failure only the server sees). */
const refusePoison = (store: TestStore): Promise<unknown> => sql(`ALTER TABLE "${store.schema}".events ADD CONSTRAINT no_poison CHECK (type <> 'Poison')`);

describe('group commit', () => {
  it('writes the appends waiting for the connection in one transaction, positions in call order', async () => {
    const grouped = await open();
    const alone = await open(false);
    const appendFifty = (store: TestStore) => Array.from({ length: 50 }, (_, i) => store.events.appendToStream(`case-${i}`, [newEvent(), newEvent()], { expectedRevision: 'no_stream' }));
    const results = (await inOneGroup(grouped, () => appendFifty(grouped))) as AppendResult[];
    const positions = results.flatMap((r) => r.events.map((e) => e.position));
    expect(new Set(positions.map(transactionOf)).size).toBe(1);
    expect(positions.every((p, i) => i === 0 || positions[i - 1]! < p)).toBe(true);
    const all = (await collect(grouped.events.readAll())).filter((e) => !e.streamId.startsWith('lead-'));
    expect(all).toEqual(results.flatMap((r) => r.events));
    expect(E.isRight(await verifyAll(grouped.events))).toBe(true);
    // Without grouping, each append is a transaction of its own.
    const separate = await Promise.all(appendFifty(alone));
    expect(new Set(separate.map((r) => transactionOf(r.lastPosition))).size).toBe(50);
  });

  it('checks each append of a group against the stream as the appends before it left it', async () => {
    const store = await open();
    const { events: eventStore } = store;
    const first = await inOneGroup(store, () => [
      eventStore.appendToStream('a', [newEvent(), newEvent()], { expectedRevision: 'no_stream' }),
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 'no_stream' }),
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 1n }),
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 1n }),
      eventStore.appendToStream('b', [newEvent()], { expectedRevision: 'stream_exists' }),
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 'any' }),
    ]);
    expect(first[0]).toMatchObject({ nextExpectedRevision: 1n });
    expect(first[1]).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 'no_stream', actual: 1n });
    expect(first[2]).toMatchObject({ nextExpectedRevision: 2n });
    expect(first[3]).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 1n, actual: 2n });
    expect(first[4]).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 'stream_exists', actual: 'no_stream' });
    expect(first[5]).toMatchObject({ nextExpectedRevision: 3n });
    expect(keys(await collect(eventStore.readAll()))).toEqual(['a@0', 'a@1', 'a@2', 'a@3']);
    expect(E.isRight(await verifyAll(eventStore))).toBe(true);
  });

  it('reads the heads a group needs that its cache does not hold in one statement, then writes the group in one transaction', async () => {
    const store = await open();
    const other = await openTestStore({ schema: store.schema });
    opened.push(other);
    // Streams another store wrote: not in this store's head cache.
    for (const stream of ['p', 'q', 'r']) await other.events.appendToStream(stream, [newEvent(), newEvent()]);
    const results = (await inOneGroup(store, () => [
      store.events.appendToStream('p', [newEvent()], { expectedRevision: 1n }),
      store.events.appendToStream('q', [newEvent()], { expectedRevision: 'stream_exists' }),
      store.events.appendToStream('p', [newEvent()], { expectedRevision: 2n }),
      store.events.appendToStream('r', [newEvent()], { expectedRevision: 0n }),
      store.events.appendToStream('s', [newEvent()], { expectedRevision: 'any' }),
    ])) as unknown[];
    expect(results.map((r) => (r as AppendResult).nextExpectedRevision ?? (r as Error).name)).toEqual([2n, 2n, 3n, 'WrongExpectedRevisionError', 0n]);
    expect(results[3]).toMatchObject({ expected: 0n, actual: 1n });
    const written = results.filter((r): r is AppendResult => !(r instanceof Error));
    expect(new Set(written.map((r) => transactionOf(r.lastPosition))).size).toBe(1);
    expect(keys(await collect(store.events.readAll()))).toEqual(['p@0', 'p@1', 'q@0', 'q@1', 'r@0', 'r@1', 'p@2', 'q@2', 'p@3', 's@0']);
    expect(E.isRight(await verifyAll(store.events))).toBe(true);
  });

  it('fails a bad append alone (invalid data, a server-side refusal, a conflict half-way); the others of its group commit', async () => {
    const store = await open();
    const { events: eventStore } = store;
    await refusePoison(store);
    await eventStore.appendToStream('c', [newEvent()]);
    // A row written behind the store's back at revision 2 of 'c': the second event of an append after revision 0 clashes with it.
    await sql(`INSERT INTO "${store.schema}".events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (1, 'c', 2, 'x', 'X', '{}', '{}', '', '')`);
    const nulText = { text: 'before\u0000after', ['key\u0000']: 1 };
    const results = await inOneGroup(store, () => [
      eventStore.appendToStream('a', [newEvent()]),
      // NaN passes JSON.stringify (as null), but the hash chain refuses it.
      eventStore.appendToStream('b', [newEvent(), newEvent('Submitted', { amount: Number.NaN })]),
      eventStore.appendToStream('a', [newEvent('Submitted', nulText)]),
      // A NUL in an event id cannot be stored in PostgreSQL text: refused before it joins a group.
      eventStore.appendToStream('b', [{ ...newEvent(), eventId: 'id\u0000' }]),
      eventStore.appendToStream('b', [newEvent(), newEvent('Poison')]),
      eventStore.appendToStream('c', [newEvent(), newEvent()], { expectedRevision: 0n }),
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 1n }),
    ]);
    expect(results[0]).toMatchObject({ nextExpectedRevision: 0n });
    expect(isInvalidAppendError(results[1])).toBe(true);
    expect(results[2]).toMatchObject({ nextExpectedRevision: 1n });
    expect(isInvalidAppendError(results[3])).toBe(true);
    expect(results[4]).toMatchObject({ code: '23514', constraint: 'no_poison' });
    expect(results[5]).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 0n, actual: 2n });
    expect(results[6]).toMatchObject({ nextExpectedRevision: 2n });
    const a = await collect(eventStore.readStream('a'));
    expect(a).toEqual([...(results[0] as AppendResult).events, ...(results[2] as AppendResult).events, ...(results[6] as AppendResult).events]);
    // JSON strings and keys holding U+0000 are stored and read back exactly.
    expect(a[1]!.data).toEqual(nulText);
    expect(await collect(eventStore.readStream('b'))).toEqual([]);
    expect((await collect(eventStore.readStream('c'))).map((e) => e.revision)).toEqual([0n, 2n]);
    // The next append to 'b' starts the stream: nothing of the failed ones was kept or cached.
    expect(await eventStore.appendToStream('b', [newEvent()], { expectedRevision: 'no_stream' })).toMatchObject({ nextExpectedRevision: 0n });
  });

  it('sends a group whose heads are all cached as one statement; when the server refuses it, writes the group again append by append, each with its own outcome', async () => {
    const store = await open();
    const { events: eventStore } = store;
    await refusePoison(store);
    // Every head cached: the group below needs no head read, so it is planned whole.
    for (const stream of ['a', 'b', 'c', 'd']) await eventStore.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
    // A row written behind the store's back at revision 1 of 'd': its cached head is stale.
    await sql(`INSERT INTO "${store.schema}".events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (1, 'd', 1, 'x', 'X', '{}', '{}', '', '')`);
    const attempt = () => [
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 0n }),
      eventStore.appendToStream('b', [newEvent(), newEvent('Poison')], { expectedRevision: 0n }),
      eventStore.appendToStream('d', [newEvent()]),
      eventStore.appendToStream('c', [newEvent()], { expectedRevision: 0n }),
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 1n }),
      eventStore.appendToStream('b', [newEvent()], { expectedRevision: 0n }),
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 1n }),
    ];
    const results = await inOneGroup(store, attempt);
    expect(results[0]).toMatchObject({ nextExpectedRevision: 1n });
    expect(results[1]).toMatchObject({ code: '23514', constraint: 'no_poison' });
    // The stale head lost on the unique index; written again, the 'any' append read the real head.
    expect(results[2]).toMatchObject({ nextExpectedRevision: 2n });
    expect(results[3]).toMatchObject({ nextExpectedRevision: 1n });
    expect(results[4]).toMatchObject({ nextExpectedRevision: 2n });
    expect(results[5]).toMatchObject({ nextExpectedRevision: 1n });
    expect(results[6]).toMatchObject({ name: 'WrongExpectedRevisionError', expected: 1n, actual: 2n });
    const written = results.filter((r): r is AppendResult => !(r instanceof Error));
    // Written again alone: each append a transaction of its own, in call order.
    const transactions = written.map((r) => transactionOf(r.lastPosition));
    expect(new Set(transactions).size).toBe(written.length);
    expect(transactions).toEqual([...transactions].sort((x, y) => (x < y ? -1 : 1)));
    for (const stream of ['a', 'b', 'c']) {
      const events = await collect(eventStore.readStream(stream));
      expect(events.slice(1)).toEqual(written.flatMap((r) => r.events).filter((e) => e.streamId === stream));
    }
    expect((await collect(eventStore.readStream('d'))).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    // The heads cached after the group are the committed ones. A group whose statement the
    // server refuses for its second append: written again, the others commit.
    const whole = await inOneGroup(store, () => [
      eventStore.appendToStream('c', [newEvent()], { expectedRevision: 1n }),
      eventStore.appendToStream('b', [newEvent('Poison')], { expectedRevision: 1n }),
      eventStore.appendToStream('d', [newEvent()], { expectedRevision: 2n }),
    ]);
    expect(whole[0]).toMatchObject({ nextExpectedRevision: 2n });
    expect(whole[1]).toMatchObject({ code: '23514', constraint: 'no_poison' });
    expect(whole[2]).toMatchObject({ nextExpectedRevision: 3n });
    // And one that succeeds in one statement: one transaction.
    const next = await inOneGroup(store, () => ['a', 'b', 'c', 'd'].map((stream, i) => eventStore.appendToStream(stream, [newEvent()], { expectedRevision: [2n, 1n, 2n, 3n][i]! })));
    expect(next.map((r) => (r as AppendResult).nextExpectedRevision)).toEqual([3n, 2n, 3n, 4n]);
    expect(new Set(next.map((r) => transactionOf((r as AppendResult).lastPosition))).size).toBe(1);
  });

  it('writes a group again one by one when a deferred check refuses its commit: only the refused append fails, and only committed heads are cached', async () => {
    const store = await open();
    const { events: eventStore } = store;
    // A deferred check, run at COMMIT: a transaction holding a 'FailAtCommit' event cannot commit.
    await sql(`
      CREATE FUNCTION "${store.schema}".refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.type = 'FailAtCommit' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$;
      CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON "${store.schema}".events
        DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "${store.schema}".refuse_at_commit();`);
    await eventStore.appendToStream('a', [newEvent()]);
    const results = await inOneGroup(store, () => [
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 0n }),
      eventStore.appendToStream('b', [newEvent()]),
      eventStore.appendToStream('c', [newEvent('FailAtCommit')]),
      eventStore.appendToStream('b', [newEvent()], { expectedRevision: 0n }),
    ]);
    expect(results[0]).toMatchObject({ nextExpectedRevision: 1n });
    expect(results[1]).toMatchObject({ nextExpectedRevision: 0n });
    expect(results[2]).toMatchObject({ code: 'P0001', message: 'refused at commit' });
    expect(results[3]).toMatchObject({ nextExpectedRevision: 1n });
    expect(keys(await collect(eventStore.readAll()))).toEqual(['a@0', 'a@1', 'b@0', 'b@1']);
    // The heads cached are the committed ones: 'any' appends continue them, 'c' starts.
    expect(await eventStore.appendToStream('a', [newEvent()], { expectedRevision: 'any' })).toMatchObject({ nextExpectedRevision: 2n });
    expect(await eventStore.appendToStream('b', [newEvent()], { expectedRevision: 'any' })).toMatchObject({ nextExpectedRevision: 2n });
    expect(await eventStore.appendToStream('c', [newEvent()], { expectedRevision: 'no_stream' })).toMatchObject({ nextExpectedRevision: 0n });
    expect(E.isRight(await verifyAll(eventStore))).toBe(true);
  });

  it.each([
    ['one by one (heads read)', false],
    ['in one message (every head cached)', true],
  ])('fails every append of a group with StoreUnavailableError when its connection is killed mid-transaction, writing nothing: %s', async (_, cacheAll) => {
    const store = await open();
    const { events: eventStore } = store;
    await sql(`
      CREATE FUNCTION "${store.schema}".slow() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.type = 'Slow' THEN PERFORM pg_sleep(30); END IF; RETURN NEW; END $$;
      CREATE TRIGGER slow BEFORE INSERT ON "${store.schema}".events FOR EACH ROW EXECUTE FUNCTION "${store.schema}".slow();`);
    await eventStore.appendToStream('a', [newEvent()]);
    const before = cacheAll ? ['b', 'c', 'd'] : [];
    for (const stream of before) await eventStore.appendToStream(stream, [newEvent()]);
    const pending = inOneGroup(store, () => [
      eventStore.appendToStream('a', [newEvent()], { expectedRevision: 0n }),
      eventStore.appendToStream('b', [newEvent()]),
      eventStore.appendToStream('c', [newEvent('Slow')]),
      eventStore.appendToStream('d', [newEvent()]),
    ]);
    let killed = 0;
    while (killed === 0) {
      const rows = await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE 'INSERT INTO "${store.schema}".events%'`);
      killed = rows.length;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const results = await pending;
    for (const result of results) expect(isStoreUnavailableError(result), String(result)).toBe(true);
    expect(results.map((r) => (r as Error).message)).toEqual(['a', 'b', 'c', 'd'].map((s) => expect.stringContaining(`append to stream '${s}', PostgreSQL at `)));
    expect(keys(await collect(eventStore.readAll()))).toEqual(['a@0', ...before.map((stream) => `${stream}@0`)]);
    expect(await eventStore.appendToStream('a', [newEvent()], { expectedRevision: 'any' })).toMatchObject({ nextExpectedRevision: 1n });
    expect(await eventStore.appendToStream('b', [newEvent()], { expectedRevision: 'any' })).toMatchObject({ nextExpectedRevision: cacheAll ? 1n : 0n });
  });

  it('writes a group again one by one when another writer takes a revision it planned while its statement runs, keeping each stream in position order', async () => {
    const store = await open();
    const other = await openTestStore({ schema: store.schema });
    opened.push(other);
    // A 'Pause' insert waits for an advisory lock the test holds until it lets it go: no fixed sleep.
    const gate = new pg.Client({ connectionString: databaseUrl() });
    await gate.connect();
    const key = 914_237;
    await gate.query('SELECT pg_advisory_lock($1)', [key]);
    await sql(`
      CREATE FUNCTION "${store.schema}".pause() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.type = 'Pause' THEN PERFORM pg_advisory_xact_lock(${key}); END IF; RETURN NEW; END $$;
      CREATE TRIGGER pause BEFORE INSERT ON "${store.schema}".events FOR EACH ROW EXECUTE FUNCTION "${store.schema}".pause();`);
    await store.events.appendToStream('s', [newEvent()]);
    // The group's statement takes its transaction id, then pauses in its first row; meanwhile
    // another (newer) transaction appends 's@1', which the group planned too. The group's
    // statement then fails on it, and the group is written again alone: 'a', then 's' after
    // the other writer's head, with larger positions.
    const group = inOneGroup(store, () => [store.events.appendToStream('a', [newEvent('Pause')]), store.events.appendToStream('s', [newEvent()], { expectedRevision: 'any' })]);
    try {
      const paused = `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND query LIKE '%INSERT INTO "${store.schema}".events%'`;
      while ((await sql(paused)).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      await other.events.appendToStream('s', [newEvent()], { expectedRevision: 0n });
    } finally {
      await gate.end();
    }
    const [a, s] = (await group) as AppendResult[];
    expect(s).toMatchObject({ nextExpectedRevision: 2n });
    expect(transactionOf(s!.lastPosition)).toBeGreaterThan(transactionOf(a!.lastPosition));
    expect(keys(await collect(store.events.readAll()))).toEqual(['s@0', 's@1', 'a@0', 's@2']);
    expect(E.isRight(await verifyAll(store.events))).toBe(true);
  });

  it('keeps a group within the 65,535 position indexes of a transaction', async () => {
    const store = await open();
    // Small events sharing one metadata object: 65,536 of them are mostly allocation and GC otherwise.
    // An empty one (the store stores metadata without looking inside): 65,536 events then carry
    // far less JSON than MAX_GROUP_TEXT, so only the index bound can keep them apart.
    const metadata = {} as NewEvent['metadata'];
    const tiny = (n: number): NewEvent[] => Array.from({ length: n }, (_, i) => ({ eventId: `${n}-${i}`, type: 'T', data: i, metadata }));
    // 32,768 + 32,768 events do not fit one transaction's indexes: the second append waits for the next one.
    const [first, second] = (await inOneGroup(store, () => [store.events.appendToStream('x', tiny(32_768)), store.events.appendToStream('y', tiny(32_768))])) as AppendResult[];
    expect(transactionOf(second!.lastPosition)).toBeGreaterThan(transactionOf(first!.lastPosition));
    expect(first!.lastPosition & 0xffffn).toBe(32_767n);
    expect(second!.lastPosition & 0xffffn).toBe(32_767n);
  });

  it('commits the appends still waiting when the store is closed', async () => {
    const store = await open();
    const pending = Array.from({ length: 10 }, (_, i) => store.events.appendToStream(`s-${i}`, [newEvent()]));
    await store.close();
    expect((await Promise.all(pending)).map((r) => r.nextExpectedRevision)).toEqual(pending.map(() => 0n));
    const reopened = await openTestStore({ schema: store.schema });
    opened.push(reopened);
    expect(keys(await collect(reopened.events.readAll()))).toEqual(pending.map((_, i) => `s-${i}@0`));
  });
});

describe('group commit against appends one by one', () => {
  let grouped: TestStore;
  let sequential: TestStore;
  let inspector: pg.Client;
  let storedRows: string;
  beforeAll(async () => {
    grouped = await open();
    sequential = await open(false);
    await Promise.all([refusePoison(grouped), refusePoison(sequential)]);
    inspector = new pg.Client({ connectionString: databaseUrl() });
    await inspector.connect();
    const columns = 'stream_id, revision, event_id, type, data::text, metadata::text, prev_hash, hash';
    storedRows = `SELECT * FROM (SELECT 'grouped' AS store, ${columns} FROM "${grouped.schema}".events UNION ALL SELECT 'sequential', ${columns} FROM "${sequential.schema}".events) e
      WHERE stream_id = ANY($1) ORDER BY store, stream_id, revision`;
  });
  afterAll(async () => {
    await inspector.end();
  });

  interface Step {
    readonly stream: number;
    readonly count: number;
    readonly expected: ExpectedRevision;
    readonly bad: 'none' | 'nan' | 'poison';
  }
  const step: fc.Arbitrary<Step> = fc.record({
    stream: fc.integer({ min: 0, max: 2 }),
    count: fc.integer({ min: 1, max: 3 }),
    expected: fc.oneof(fc.constantFrom<ExpectedRevision>('any', 'no_stream', 'stream_exists'), fc.bigInt({ min: 0n, max: 4n })),
    bad: fc.constantFrom('none', 'none', 'none', 'nan', 'poison'),
  });
  const eventsOf = (run: number, i: number, { count, bad }: Step): NewEvent[] =>
    Array.from({ length: count }, (_, k) => {
      const last = k === count - 1;
      const id = `r${run}-${i}-${k}`;
      const type = last && bad === 'poison' ? 'Poison' : 'Step';
      return { ...newEvent(type, last && bad === 'nan' ? { x: Number.NaN } : { run, i, k }, { commandId: id, correlationId: id }), eventId: id };
    });
  const withoutPosition = ({ position: _position, ...event }: RecordedEvent): Omit<RecordedEvent, 'position'> => event;
  /** What an outcome must agree on: the written events (less positions), or the error's kind and details. */
  const comparable = (outcome: unknown): unknown => {
    if (outcome instanceof Error) {
      const { name, expected, actual, code } = outcome as Error & Record<string, unknown>;
      return { name, expected, actual, code };
    }
    const { nextExpectedRevision, events } = outcome as AppendResult;
    return { nextExpectedRevision, events: events.map(withoutPosition) };
  };

  let run = 0;
  it('gives each append of a group the outcome it has when the appends run one by one in call order; the stores end equal (1,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        run += 1;
        const streamOf = (s: Step): string => `r${run}-s${s.stream}`;
        // All made at once, behind a lead append: the store's one connection writes them as one group.
        // The other store, meanwhile, runs the same appends one after another.
        const [together, oneByOne] = await Promise.all([
          inOneGroup(grouped, () => steps.map((s, i) => grouped.events.appendToStream(streamOf(s), eventsOf(run, i, s), { expectedRevision: s.expected }))),
          (async () => {
            const results: unknown[] = [];
            for (const [i, s] of steps.entries()) {
              results.push(await sequential.events.appendToStream(streamOf(s), eventsOf(run, i, s), { expectedRevision: s.expected }).catch((e: unknown) => e));
            }
            return results;
          })(),
        ]);
        expect(together.map(comparable)).toEqual(oneByOne.map(comparable));
        // Positions grow in call order across the group's successful appends.
        const positions = together.flatMap((o) => (o instanceof Error ? [] : (o as AppendResult).events.map((e) => e.position)));
        expect(positions.every((p, i) => i === 0 || positions[i - 1]! < p)).toBe(true);
        // The streams as stored (every column but the position), both stores in one round trip.
        const { rows } = await inspector.query<{ store: string }>(storedRows, [[...new Set(steps.map(streamOf))]]);
        const storedBy = (store: string): unknown[] => rows.filter((r) => r.store === store).map(({ store: _store, ...row }) => row);
        expect(storedBy('grouped')).toEqual(storedBy('sequential'));
      }),
      { numRuns: 1000 },
    );
  });
});
