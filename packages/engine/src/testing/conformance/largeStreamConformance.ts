import type { NewEvent } from '../../index.js';
import { describe, expect, it } from 'vitest';
import { newEvent, uniqueId } from './counterDomain.js';
import type { EventStoreFixture } from './fixture.js';
import { liveHeapBytes } from './heap.js';

const PAD = 'x'.repeat(200);
const BATCH = 1_000;

/** A long stream read in bounded memory: live heap growth while reading stays far below the size of the stream. */
export const largeStreamConformance = (fixture: () => EventStoreFixture, events: number): void => {
  describe('large streams', () => {
    it(`reads a ${events.toLocaleString('en')}-event stream with bounded memory`, async () => {
      const { store } = fixture();
      const streamId = uniqueId('large');
      let jsonBytes = 0;
      for (let from = 0; from < events; from += BATCH) {
        const batch: NewEvent[] = [];
        for (let i = from; i < Math.min(events, from + BATCH); i++) {
          const event = newEvent({ amount: i, pad: PAD });
          jsonBytes += JSON.stringify(event).length;
          batch.push(event);
        }
        await store.appendToStream(streamId, batch);
      }
      const baseline = liveHeapBytes();
      let peak = 0;
      let count = 0;
      let expected = 0n;
      for await (const event of store.readStream(streamId)) {
        if (event.revision !== expected) throw new Error(`expected revision ${expected}, read ${event.revision}`);
        expected += 1n;
        count += 1;
        if (count % Math.ceil(events / 4) === 0) peak = Math.max(peak, liveHeapBytes() - baseline);
      }
      peak = Math.max(peak, liveHeapBytes() - baseline);
      expect(count).toBe(events);
      // A reader holding the whole stream would need more than jsonBytes; a paging reader holds a page.
      expect(peak, `live heap grew by ${peak} bytes while reading ${jsonBytes} bytes of events`).toBeLessThan(jsonBytes / 10);
    });
  });
};
