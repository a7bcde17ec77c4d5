import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { findReadModelsAhead } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import type { SqliteEventStore } from '@casefold/sqlite';
import { newEvent, tempDir } from './support/fixtures.js';
import { startWorker } from './support/workers.js';

// The read models' checkpoints (the `projections` table) live in the same file as the events.
// Events deleted from the end of the store with sqlite3 leave every chain intact but the
// checkpoints past the last position: findReadModelsAhead names them; appends and read-model
// commits running meanwhile never look like it (one statement: one snapshot).

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const fileStore = (): { store: SqliteEventStore; fileName: string } => {
  const dir = tempDir();
  const fileName = dir.file('ahead.db');
  const store = getSqliteEventStore({ fileName });
  cleanups.push(dir.remove, () => store.close());
  return { store, fileName };
};

const commitAt = (store: SqliteEventStore, name: string, position: bigint): Promise<void> => store.projections.commit({ name, version: 1, position, state: {} }, null);

describe('findReadModelsAhead on SQLite', () => {
  it('reads the furthest checkpoint and the last position; nothing is ahead on an intact store, or one without read models', async () => {
    const { store } = fileStore();
    expect(await store.readReadModelPositions()).toBeNull();
    let last = 0n;
    for (let i = 0; i < 6; i++) last = (await store.appendToStream(`case-${i % 2}`, [newEvent()])).lastPosition;
    await commitAt(store, 'behind', last - 2n);
    await commitAt(store, 'current', last);
    expect(await store.readReadModelPositions()).toEqual({ readModel: 'current', position: last, ahead: 0, lastPosition: last });
    expect(await findReadModelsAhead(store)).toBeNull();
  });

  it('names the furthest read model, how many are ahead and both positions when the last events were deleted behind the store', async () => {
    const { store, fileName } = fileStore();
    let last = 0n;
    for (let i = 0; i < 6; i++) last = (await store.appendToStream(`case-${i % 2}`, [newEvent()])).lastPosition;
    await commitAt(store, 'behind', last - 4n);
    await commitAt(store, 'b-current', last);
    await commitAt(store, 'a-current', last);
    const raw = new BetterSqlite3(fileName);
    raw.prepare('DELETE FROM events WHERE position > ?').run(last - 3n);
    raw.close();
    const ahead = await findReadModelsAhead(store);
    expect(ahead).toMatchObject({ readModel: 'a-current', position: last, ahead: 2, lastPosition: last - 3n });
    expect(ahead?.message).toContain(`built up to position ${last} (read model 'a-current' and 1 more), but the store ends at position ${last - 3n}`);
    expect(ahead?.message).toContain('events were removed from the end of the store, or the read models belong to another store');
  });

  it('finds nothing while another process appends and a projection runner in a third commits its checkpoints', { timeout: 60_000 }, async () => {
    const { store, fileName } = fileStore();
    await store.appendToStream('seed', [newEvent()]);
    const appender = startWorker('trickle', { fileName, streamId: 'busy', count: 400, delayMs: 1 });
    const projector = startWorker('projector', { fileName });
    cleanups.push(() => {
      projector.child.kill('SIGKILL');
    });
    const seen = new Set<bigint>();
    let done = false;
    void appender.exited.then(() => (done = true));
    while (!done) {
      const positions = await store.readReadModelPositions();
      if (positions !== null) seen.add(positions.position);
      expect(await findReadModelsAhead(store)).toBeNull();
      // Let the workers' output and exit be seen (the reads above resolve without leaving the microtask queue).
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await appender.exited, appender.stderr()).toEqual({ code: 0, signal: null });
    // The runner committed while the checks ran: many checkpoints were seen, each at or below the last position.
    expect(seen.size).toBeGreaterThan(10);
  });
});
