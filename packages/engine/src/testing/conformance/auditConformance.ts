import { GENESIS_HASH, canonicalJson, verifyAll, verifyStream } from '../../index.js';
import * as E from 'fp-ts/lib/Either.js';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newEvent, newEvents, uniqueId } from './counterDomain.js';
import { collect, storedPrefixOf, type EventStoreFixture } from './fixture.js';

/** The hash chain as stored: valid after appends, recomputable by a third party. */
export const auditConformance = (fixture: () => EventStoreFixture): void => {
  describe('hash-chained audit', () => {
    it('after appends every stream and the whole store verify, and heads name the last events', async () => {
      const { store } = fixture();
      const a = uniqueId('a');
      const b = uniqueId('b');
      await store.appendToStream(a, newEvents(3));
      await store.appendToStream(b, newEvents(2));
      const last = await store.appendToStream(a, newEvents(2));
      const streamResult = await verifyStream(store, a);
      expect(streamResult).toEqual(E.right(expect.objectContaining({ streams: 1, events: 5 })));
      const all = await verifyAll(store);
      if (E.isLeft(all)) throw new Error(all.left.message);
      // Heads are keyed by the stream ids as stored (and hashed).
      const stored = storedPrefixOf(fixture().store);
      expect(all.right.heads.get(stored + a)).toEqual({ revision: 4n, hash: last.events[1]!.hash });
      expect(all.right.heads.get(stored + b)?.revision).toBe(1n);
    });

    it('a third party recomputes each hash: SHA-256 hex of prevHash + RFC 8785 JSON of the written fields', async () => {
      const { store } = fixture();
      const streamId = uniqueId('s');
      await store.appendToStream(streamId, [newEvent({ amount: 1, note: 'é', nested: { z: 1, a: [true, null] } }, 'Noted'), newEvent()]);
      let prevHash = GENESIS_HASH;
      for (const event of await collect(store.readStream(streamId))) {
        const content = canonicalJson({
          // The stream id as stored: the caller's, after the store's prefix if it keeps one (a tenant's view).
          streamId: storedPrefixOf(fixture().store) + event.streamId,
          revision: event.revision.toString(),
          eventId: event.eventId,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
        });
        expect(event.prevHash).toBe(prevHash);
        expect(event.hash).toBe(
          createHash('sha256')
            .update(prevHash + content, 'utf8')
            .digest('hex'),
        );
        prevHash = event.hash;
      }
    });
  });
};
