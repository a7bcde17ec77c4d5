import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import * as E from 'fp-ts/lib/Either.js';
import { generateEd25519KeyPair, isCasefoldError, startCheckpointing, verifyCheckpoint, type HeadEvent, type TakeCheckpointResult } from '@casefold/engine';
import { collect, databaseUrl, newEvent, openTestStore, sql, type TestStore } from './support/testStore.js';

/**
 * The head readers periodic checkpoints read through (`startCheckpointing`): one keyset query
 * per read, only the head columns, on a connection of their own, never waiting for
 * transactions in flight, and still never skipping or repeating an event.
 */

const keys = generateEd25519KeyPair();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until `done()` holds, checking every 10 ms, for at most `ms`. */
const until = async (done: () => boolean, ms: number, what: string): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(10);
  }
};
const headOf = (e: HeadEvent): HeadEvent => ({ streamId: e.streamId, revision: e.revision, position: e.position, hash: e.hash });
/** Polls `value` until `done` holds of it (at most 10 s): the visible bound is cluster-wide, so other test files' transactions may hold a read back for a while. */
const eventually = async <T>(value: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = await value();
    if (done(got)) return got;
    if (Date.now() > deadline) throw new Error(`timed out after 10 s waiting for ${what}`);
    await sleep(10);
  }
};
/** Reads with `readAfter` from `from` until a short page, in pages of `page`. */
const readAllHeads = async (readAfter: (position: bigint, maxCount: number) => Promise<readonly HeadEvent[]>, from: bigint, page = 1_000): Promise<HeadEvent[]> => {
  const heads: HeadEvent[] = [];
  for (let position = from; ;) {
    const got = await readAfter(position, page);
    heads.push(...got);
    if (got.length < page) return heads;
    position = got[got.length - 1]!.position;
  }
};

/** A transaction of another session, holding the cluster's visible bound back while it runs (it has a transaction id). */
const openTransaction = async (): Promise<pg.Client> => {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT pg_current_xact_id()');
  return client;
};

/** Connections of the server whose application_name is `name`. */
const connectionsNamed = async (name: string): Promise<number> => Number((await sql<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [name]))[0]!.n);

let store: TestStore;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.dispose();
});

describe('PostgreSQL head readers', () => {
  it('read the head columns of every event after a position in position order, in pages, as the whole-store read has them', async () => {
    const { events } = store;
    for (let i = 0; i < 7; i++) await events.appendToStream(`heads-${i % 3}`, [newEvent('A', { i }), newEvent('B', { i })]);
    const reader = events.openHeadEventReader();
    try {
      const all = (await collect(events.readAll())).map(headOf);
      expect(all).toHaveLength(14);
      expect(
        await eventually(
          () => readAllHeads(reader.readAfter, 0n, 3),
          (heads) => heads.length === all.length,
          'every event',
        ),
      ).toEqual(all);
      expect(await reader.readAfter(all[5]!.position, 4)).toEqual(all.slice(6, 10));
      expect(await reader.readAfter(all[13]!.position, 4)).toEqual([]);
    } finally {
      await reader.close();
    }
  });

  it('never wait for a transaction in flight: an event committed after an older transaction began is read once that one ended', async () => {
    const { events } = store;
    const reader = events.openHeadEventReader();
    const start = (await collect(events.readAll())).at(-1)?.position ?? 0n;
    const older = await openTransaction();
    try {
      const appended = await events.appendToStream(`after-older-${Date.now()}`, [newEvent()]);
      const started = Date.now();
      // The store's own reads wait up to visibilityWaitMs (30 s in these tests) for the older transaction; the reader does not.
      expect((await readAllHeads(reader.readAfter, start)).map((e) => e.position)).not.toContain(appended.lastPosition);
      expect(Date.now() - started).toBeLessThan(5_000);
      await older.query('COMMIT');
      const after = await eventually(
        () => readAllHeads(reader.readAfter, start),
        (heads) => heads.some((e) => e.position === appended.lastPosition),
        'the appended event',
      );
      expect(after).toEqual([{ streamId: appended.events[0]!.streamId, revision: 0n, position: appended.lastPosition, hash: appended.events[0]!.hash }]);
    } finally {
      await older.end();
      await reader.close();
    }
  });

  it('never skip or repeat an event while eight writers append', async () => {
    const { events } = store;
    const reader = events.openHeadEventReader();
    try {
      const start = (await collect(events.readAll())).at(-1)?.position ?? 0n;
      let writing = true;
      const seen: HeadEvent[] = [];
      const reading = (async () => {
        let from = start;
        while (writing) {
          const page = await reader.readAfter(from, 7);
          seen.push(...page);
          from = page.at(-1)?.position ?? from;
        }
        // Every writer has returned: the store's read waits out whatever else is in flight.
        seen.push(...(await collect(events.readAll({ fromPosition: from }))).map(headOf));
      })();
      await Promise.all(
        Array.from({ length: 8 }, async (_, w) => {
          for (let i = 0; i < 30; i++) await events.appendToStream(`concurrent-${w}-${i % 4}`, [newEvent('W', { w, i }), ...(i % 3 === 0 ? [newEvent('W2', { w, i })] : [])]);
        }),
      );
      writing = false;
      await reading;
      const truth = (await collect(events.readAll({ fromPosition: start }))).map(headOf);
      expect(truth).toHaveLength(8 * 40);
      expect(seen).toEqual(truth);
    } finally {
      await reader.close();
    }
  });

  it('use a connection of their own, closed by the reader, by stopping the checkpointing and by closing the store; a read after close is StoreClosedError', async () => {
    const name = `heads-${process.pid}-${Date.now().toString(36)}`;
    const own = await openTestStore({ pool: { applicationName: name } });
    try {
      await own.events.appendToStream('s', [newEvent()]);
      const pooled = await connectionsNamed(name);
      const first = own.events.openHeadEventReader();
      const second = own.events.openHeadEventReader();
      expect(await connectionsNamed(name)).toBe(pooled); // nothing opened before the first read
      await first.readAfter(0n, 10);
      await second.readAfter(0n, 10);
      expect(await connectionsNamed(name)).toBe(pooled + 2);
      await second.close();
      await eventually(
        () => connectionsNamed(name),
        (n) => n === pooled + 1,
        'the reader closed',
      );
      await expect(second.readAfter(0n, 10)).rejects.toSatisfy((e: unknown) => isCasefoldError(e, 'StoreClosedError'));
      const checkpointing = startCheckpointing(own.events, { storeId: 'own', privateKey: keys.privateKey, every: { events: 1 }, pollMs: 10, sink: () => undefined });
      await until(() => checkpointing.last() !== undefined, 10_000, 'a periodic checkpoint');
      expect(await connectionsNamed(name)).toBe(pooled + 2);
      await checkpointing.stop();
      await eventually(
        () => connectionsNamed(name),
        (n) => n === pooled + 1,
        "the checkpointing's reader closed",
      );
      await own.close();
      await eventually(
        () => connectionsNamed(name),
        (n) => n === 0,
        'every connection closed',
      );
      await expect(first.readAfter(0n, 10)).rejects.toSatisfy((e: unknown) => isCasefoldError(e, 'StoreClosedError'));
    } finally {
      await own.dispose();
    }
  });

  it('reconnect after their connection broke: the read that meets the break fails typed, the next one reads', async () => {
    const name = `broken-${process.pid}-${Date.now().toString(36)}`;
    const own = await openTestStore({ pool: { applicationName: name } });
    const reader = own.events.openHeadEventReader();
    try {
      await own.events.appendToStream('s', [newEvent()]);
      expect(await reader.readAfter(0n, 10)).toHaveLength(1);
      const terminated = await sql(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query LIKE '%SELECT position, stream_id, revision, hash FROM%'`, [name]);
      expect(terminated).toHaveLength(1);
      // The read that meets the break (if the client did not notice it before) fails typed; the next one reconnects.
      const meeting = await reader.readAfter(0n, 10).catch((e: unknown) => e);
      if (!Array.isArray(meeting)) expect(isCasefoldError(meeting, 'StoreUnavailableError')).toBe(true);
      expect(await reader.readAfter(0n, 10)).toHaveLength(1);
    } finally {
      await reader.close();
      await own.dispose();
    }
  });
});

describe('periodic checkpoints of a PostgreSQL store', () => {
  it('are taken while every pooled connection is busy and an older transaction is in flight, and verify once it ended', async () => {
    const own = await openTestStore({ pool: { max: 1, connectionTimeoutMs: 1_000 } });
    const kept: TakeCheckpointResult[] = [];
    const errors: unknown[] = [];
    const stream = `busy-${Date.now()}`;
    await own.events.appendToStream(stream, [newEvent('First'), newEvent('Second')]);
    // Another session writes revision 2 of the stream and stays open: the store's next append to it waits on its lock, on the pool's only connection.
    const holder = await openTransaction();
    try {
      await holder.query(`INSERT INTO "${own.schema}".events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash) VALUES (-1, $1, 2, 'held', 'Held', '{}', '{}', '', '')`, [
        stream,
      ]);
      const blocked = own.events.appendToStream(stream, [newEvent('Blocked')], { expectedRevision: 1n });
      await eventually(
        () => sql(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%${own.schema}%'`),
        (rows) => rows.length > 0,
        'the append to wait on the lock',
      );
      const checkpointing = startCheckpointing(own.events, {
        storeId: 'busy',
        privateKey: keys.privateKey,
        every: { events: 1 },
        pollMs: 10,
        sink: (taken) => void kept.push(taken),
        onError: (error) => errors.push(error),
      });
      await until(() => kept.length > 0 || errors.length > 0, 10_000, 'a periodic checkpoint');
      expect(errors).toEqual([]);
      expect(kept[0]!.checkpoint).toMatchObject({ events: 2, streams: 1 });
      await checkpointing.stop();
      await holder.query('ROLLBACK');
      expect((await blocked).nextExpectedRevision).toBe(2n);
      expect(E.isRight(await verifyCheckpoint(own.events, kept[0]!.checkpoint, { publicKey: keys.publicKey, leaves: kept[0]!.leaves }))).toBe(true);
    } finally {
      await holder.end();
      await own.dispose();
    }
  });

  it('do not launder an event rewritten after it was read: the next checkpoint keeps its head, and verification names the stream', async () => {
    const own = await openTestStore();
    const kept: TakeCheckpointResult[] = [];
    try {
      await own.events.appendToStream('rewritten', [newEvent('A', { amount: 1 })]);
      const checkpointing = startCheckpointing(own.events, { storeId: 'rewrite', privateKey: keys.privateKey, every: { events: 1 }, pollMs: 10, sink: (taken) => void kept.push(taken) });
      await until(() => kept.length === 1, 10_000, 'the first checkpoint');
      // A forger with write access rewrites the event and its hash after the checkpointer read it.
      await sql(`UPDATE "${own.schema}".events SET data = '{"amount":2}', hash = repeat('0', 64) WHERE stream_id = 'rewritten'`);
      await own.events.appendToStream('other', [newEvent()]);
      await until(() => kept.length === 2, 10_000, 'the second checkpoint');
      await checkpointing.stop();
      const [first, second] = kept;
      const head = (taken: TakeCheckpointResult) => taken.leaves.find((leaf) => leaf.streamId === 'rewritten');
      expect(head(second!)).toEqual(head(first!));
      const verified = await verifyCheckpoint(own.events, second!.checkpoint, { publicKey: keys.publicKey, leaves: second!.leaves });
      expect(E.isLeft(verified) && verified.left.map((d) => d.kind)).toContain('streamRewritten');
    } finally {
      await own.dispose();
    }
  });
});
