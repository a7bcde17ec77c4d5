/**
 * A writer process for the killed-writer test: appends batches of one to four events through
 * the EventStoreDB adapter to seven streams, each with `expectedRevision: 'any'`, every event
 * carrying its batch's id, its index in the batch and the batch's size. Prints one JSON line
 * per acknowledged append, `{"batch":…,"streamId":…,"size":…}`; with a LIMIT, stops after
 * that many batches, closes the store and prints `done`; without one it appends until killed.
 * Run: `node --conditions=@casefold/source --import tsx batchWriter.ts CONNECTION_STRING PREFIX TAG [LIMIT]`.
 */
import { newEvent } from '@casefold/engine/testing';
import { openSqliteStore } from '@casefold/sqlite';
import { openEventStoreDbStore } from '@casefold/eventstoredb';

const [connectionString, streamPrefix, tag, limit] = process.argv.slice(2) as [string, string, string, string | undefined];
const store = await openEventStoreDbStore({ connectionString, streamPrefix, projections: await openSqliteStore({ fileName: ':memory:' }) });
const batches = limit === undefined ? Number.POSITIVE_INFINITY : Number(limit);
for (let i = 0; i < batches; i++) {
  const batch = `${tag}-${i}`;
  const size = 1 + (i % 4);
  const streamId = `s-${i % 7}`;
  // 100 kB an event: a multi-event append is more than HTTP/2's first 64 kB window, so a kill inside it leaves the rest unsent.
  const events = Array.from({ length: size }, (_, index) => newEvent({ batch, index, size, padding: 'x'.repeat(100_000) }));
  await store.events.appendToStream(streamId, events, { expectedRevision: 'any' });
  process.stdout.write(`${JSON.stringify({ batch, streamId, size })}\n`);
}
await store.close();
process.stdout.write('done\n');
