/**
 * Reliability worker for server restarts: `writers` concurrent writers append one event at a
 * time (more writers than connections, so appends share group commits on held sessions),
 * with idle connections closed after 1 ms so that new connections are opened all the time.
 * Each acknowledged append prints `ack <eventId>` at once, then the writer computes for
 * `workMs` ms, as a command handler folds and decides: the busy event loop lets the server's
 * messages pile up, so that a login's last message and a FATAL are read together. A
 * StoreUnavailableError (server down or restarting) makes the writer pause 10 ms and go on;
 * any other failure is reported. Stops once the file `stopFile` exists, then prints one JSON line.
 * Args: connectionString schema writers workMs stopFile
 */
import { existsSync } from 'node:fs';
import { isStoreUnavailableError, type NewEvent } from '@casefold/engine';
import { openPostgresStore } from '../../src/index.js';

const [url, schema, writers, workMs, stopFile] = process.argv.slice(2) as [string, string, string, string, string];
const { events: eventStore, close } = await openPostgresStore({
  connectionString: url,
  schema,
  pool: { max: 3, idleTimeoutMs: 1, connectionTimeoutMs: 1_000 },
});

const event = (id: string): NewEvent => ({
  eventId: id,
  type: 'Appended',
  data: { id },
  metadata: { occurredAt: '2026-03-01T00:00:00.000Z', recordedAt: '2026-03-01T00:00:00.000Z', commandId: id, correlationId: id, causationId: null, schemaVersion: 1 },
});

let stop = false;
const watcher = setInterval(() => {
  stop = existsSync(stopFile);
}, 20);
const unavailable = { count: 0 };
const unexpected: string[] = [];

await Promise.all(
  Array.from({ length: Number(writers) }, async (_, writer) => {
    for (let i = 0; !stop; i++) {
      const id = `w${writer}-${i}`;
      try {
        await eventStore.appendToStream(`restart-${writer % 4}`, [event(id)]);
        console.log(`ack ${id}`);
        const until = performance.now() + Number(workMs);
        while (performance.now() < until);
      } catch (e) {
        if (isStoreUnavailableError(e)) unavailable.count++;
        else unexpected.push(String(e));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  }),
);
clearInterval(watcher);
await close();
console.log(JSON.stringify({ unavailable: unavailable.count, unexpected }));
