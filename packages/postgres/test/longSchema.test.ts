import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '@casefold/engine';
import { appendChannel } from '../src/subscriptions/appendChannel.js';
import { STATEMENT_TAG_LENGTH, schemaTag } from '../src/database/schemaTag.js';
import { newEvent, openTestStore, uniqueSchema, type TestStore } from './support/testStore.js';

/**
 * A schema name of the longest length PostgreSQL allows (63): the store's prepared-statement
 * names and NOTIFY channel, which PostgreSQL would cut at 63 characters, must stay distinct
 * and valid. The append stores have one connection each (every statement is prepared on the
 * same one) and notify at most every ten minutes (a failing NOTIFY would drop the connection
 * and its prepared statements, hiding a collision).
 */
const schema = `${uniqueSchema('long')}_`.padEnd(63, 'x');
const quiet = { schema, pool: { max: 1 }, notifyIntervalMs: 600_000 };
let grouped: TestStore;
let direct: TestStore;
let reader: TestStore;
beforeAll(async () => {
  grouped = await openTestStore(quiet);
  direct = await openTestStore({ ...quiet, groupCommit: false });
  reader = await openTestStore({ schema, pollIntervalMs: 60_000 });
});
afterAll(async () => {
  await Promise.all([direct.close(), reader.close()]);
  await grouped.dispose();
});

describe('a 63-character schema name', () => {
  it('has 63 characters', () => {
    expect(schema).toHaveLength(63);
  });

  it.each([
    ['grouped', () => grouped],
    ['direct', () => direct],
  ])('takes appends of 1, 2, …, 9 and 70 events and reads them both ways (%s)', async (_, store) => {
    const { events: eventStore } = store();
    const stream = `s-${crypto.randomUUID()}`;
    let expected = 0;
    for (const size of [1, 2, 3, 4, 5, 6, 7, 8, 9, 70]) {
      const events = Array.from({ length: size }, () => newEvent());
      expected += size;
      expect((await eventStore.appendToStream(stream, events)).nextExpectedRevision).toBe(BigInt(expected - 1));
    }
    const read: RecordedEvent[] = [];
    for await (const event of eventStore.readStream(stream)) read.push(event);
    for await (const event of eventStore.readStream(stream, { direction: 'backwards' })) read.push(event);
    expect(read).toHaveLength(2 * expected);
  });

  it('keeps read models: commit, update, load, delete', async () => {
    const { projections: projectionStore } = grouped;
    await projectionStore.commit({ name: 'p', version: 1, position: 1n, state: { n: 1 } }, null);
    await projectionStore.commit({ name: 'p', version: 1, position: 2n, state: { n: 2 } }, 1n);
    expect(await projectionStore.load('p')).toEqual({ name: 'p', version: 1, position: 2n, state: { n: 2 } });
    await projectionStore.delete('p');
    expect(await projectionStore.load('p')).toBeNull();
  });

  it('wakes a subscriber (poll interval one minute) through NOTIFY', async () => {
    const writer = await openTestStore({ schema });
    const { lastPosition } = await writer.events.appendToStream('start', [newEvent()]);
    const subscription = reader.events.subscribeToAll({ fromPosition: lastPosition });
    try {
      const next = subscription[Symbol.asyncIterator]().next();
      let delivered = false;
      void next.then(() => (delivered = true));
      const deadline = Date.now() + 5_000;
      // Append until delivered: the first NOTIFY may come before the LISTEN connection is up.
      while (!delivered && Date.now() < deadline) {
        await writer.events.appendToStream('ping', [newEvent('Ping')]);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(delivered).toBe(true);
      expect((await next).value?.type).toBe('Ping');
    } finally {
      await subscription.close();
      await writer.close();
    }
  }, 10_000);
});

describe('names derived from the schema', () => {
  const schemaName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,62}$/);

  it('for all schema names: channel and statement tags fit in 63 characters and keep different schemas apart', () => {
    fc.assert(
      fc.property(schemaName, schemaName, (a, b) => {
        expect(appendChannel(a).length).toBeLessThanOrEqual(63);
        expect(`casefold_projection_position_${schemaTag(a, STATEMENT_TAG_LENGTH)}`.length).toBeLessThanOrEqual(63);
        if (a.length <= 54) expect(appendChannel(a)).toBe(`casefold_${a}`);
        if (a !== b) {
          expect(appendChannel(a)).not.toBe(appendChannel(b));
          expect(schemaTag(a, STATEMENT_TAG_LENGTH)).not.toBe(schemaTag(b, STATEMENT_TAG_LENGTH));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
