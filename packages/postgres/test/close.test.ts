import { describe, expect, it } from 'vitest';
import { isStoreClosedError } from '@casefold/engine';
import { newEvent, openTestStore, sql } from './support/testStore.js';

/** `close()` waits for the appends in flight, in both append modes, and refuses new ones at once. */
describe.each([
  ['direct appends', false],
  ['group commit', true],
])('close with %s', (_, groupCommit) => {
  it('waits for the appends in flight (all written), and an append started after close began fails at once', async () => {
    // One connection: most appends wait for it when close() begins.
    const store = await openTestStore({ groupCommit, pool: { max: 1 } });
    try {
      const inFlight = Promise.allSettled(Array.from({ length: 6 }, (__, i) => store.events.appendToStream(`s-${i}`, [newEvent()])));
      const closed = store.close();
      const start = performance.now();
      const late = await store.events.appendToStream('late', [newEvent()]).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isStoreClosedError(late), String(late)).toBe(true);
      expect(performance.now() - start).toBeLessThan(100);
      const results = await inFlight;
      await closed;
      expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
      const rows = await sql<{ n: string }>(`SELECT count(*)::text AS n FROM "${store.schema}".events`);
      expect(rows[0]?.n).toBe('6');
    } finally {
      await store.dispose();
    }
  }, 10_000);
});
