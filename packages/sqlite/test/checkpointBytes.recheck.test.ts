import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { generateEd25519KeyPair, takeCheckpoint, verifyCheckpoint } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { newEvent, tempDir } from './support/fixtures.js';

/**
 * Issue 15's property at the level of stored bytes, on real SQLite files (re-checked): for
 * random stores, one byte of any committed column of any event (stream id, revision, event
 * id, type, data, metadata, prevHash, hash) changed behind the store after a checkpoint makes
 * `verifyCheckpoint` fail, and an untampered store passes. (engine's checkpoint.test.ts runs
 * whole-event tamperings on in-memory stores; tampering.test.ts one byte against the chains alone.)
 */

const dir = tempDir();
afterAll(() => dir.remove());
const keys = generateEd25519KeyPair();

const TEXT_COLUMNS = ['stream_id', 'event_id', 'type', 'data', 'metadata', 'prev_hash', 'hash'] as const;
const COLUMNS = [...TEXT_COLUMNS, 'revision'] as const;
let file = 0;

describe('verifyCheckpoint on a SQLite file, one committed byte changed (1,000 runs)', () => {
  it('fails for every changed byte, passes every untampered store', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ stream: fc.constantFrom('case-a', 'case-b', 'case-c'), count: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 5 }),
        fc.option(fc.record({ row: fc.nat(), column: fc.constantFrom(...COLUMNS), offset: fc.nat(), byte: fc.integer({ min: 0x21, max: 0x7e }) }), { freq: 10 }),
        async (appends, change) => {
          const fileName = dir.file(`store-${file++}.db`);
          const store = getSqliteEventStore({ fileName });
          try {
            for (const { stream, count } of appends)
              await store.appendToStream(
                stream,
                Array.from({ length: count }, (_, i) => newEvent('Mediated', { amountFen: 100 + i, terms: `step ${i}` })),
              );
            const { checkpoint, leaves } = await takeCheckpoint(store, { storeId: 'recheck', privateKey: keys.privateKey });
            if (change !== null) {
              const raw = new BetterSqlite3(fileName);
              try {
                const positions = raw.prepare('SELECT position FROM events ORDER BY position').pluck().all() as number[];
                const position = positions[change.row % positions.length]!;
                const original = raw.prepare(`SELECT ${change.column} FROM events WHERE position = ?`).pluck().get(position) as string | number;
                let changed: string | number;
                if (typeof original === 'number') changed = original + 1 + (change.byte % 5);
                else {
                  const offset = change.offset % original.length;
                  const byte = change.byte === original.charCodeAt(offset) ? (change.byte === 0x7e ? 0x21 : change.byte + 1) : change.byte;
                  changed = original.slice(0, offset) + String.fromCharCode(byte) + original.slice(offset + 1);
                }
                try {
                  raw.prepare(`UPDATE events SET ${change.column} = ? WHERE position = ?`).run(changed, position);
                } catch (error) {
                  // Another event holds that stream and revision already (the unique index): not a change that can be stored.
                  fc.pre(!String(error).includes('UNIQUE'));
                  throw error;
                }
              } finally {
                raw.close();
              }
            }
            const result = await verifyCheckpoint(store, checkpoint, { publicKey: keys.publicKey, leaves });
            if (change === null) expect(E.isRight(result) || result.left).toBe(true);
            else expect(E.isLeft(result), JSON.stringify(change)).toBe(true);
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 1000 },
    );
  }, 600_000);
});
