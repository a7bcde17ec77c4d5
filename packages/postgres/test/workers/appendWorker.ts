/**
 * Reliability worker: `writers` concurrent writers append to the given streams, half with
 * `'any'` and half with an exact expected revision (re-reading the head after a conflict).
 * Prints one JSON line: the ids of every event it appended (acknowledged by the store).
 * Args: connectionString schema tag writers appendsPerWriter stream,stream,… [poolMax]
 * (`poolMax` defaults to `writers`; fewer connections than writers makes appends share group commits).
 */
import { isWrongExpectedRevisionError, type NewEvent } from '@casefold/engine';
import { openPostgresStore } from '../../src/index.js';

const [url, schema, tag, writers, appends, streamList, poolMax = writers] = process.argv.slice(2) as [string, string, string, string, string, string, string?];
const streams = streamList.split(',');
const { events: eventStore, close } = await openPostgresStore({ connectionString: url, schema, pool: { max: Number(poolMax) } });

const event = (id: string, data: { writer: number; i: number }): NewEvent => ({
  eventId: id,
  type: 'Appended',
  data,
  metadata: { occurredAt: '2026-03-01T00:00:00.000Z', recordedAt: '2026-03-01T00:00:00.000Z', commandId: id, correlationId: id, causationId: null, schemaVersion: 1 },
});

const headOf = async (streamId: string): Promise<bigint | 'no_stream'> => {
  for await (const e of eventStore.readStream(streamId, { direction: 'backwards', maxCount: 1 })) return e.revision;
  return 'no_stream';
};

const written = await Promise.all(
  Array.from({ length: Number(writers) }, async (_, writer) => {
    const mine: string[] = [];
    for (let i = 0; i < Number(appends); i++) {
      const streamId = streams[(writer + i) % streams.length]!;
      const events = [event(`${tag}-w${writer}-${i}`, { writer, i })];
      if (i % 4 === 0) events.push(event(`${tag}-w${writer}-${i}b`, { writer, i }));
      if (i % 2 === 0) await eventStore.appendToStream(streamId, events, { expectedRevision: 'any' });
      else {
        for (;;) {
          try {
            await eventStore.appendToStream(streamId, events, { expectedRevision: await headOf(streamId) });
            break;
          } catch (e) {
            if (!isWrongExpectedRevisionError(e)) throw e;
          }
        }
      }
      mine.push(...events.map((e) => e.eventId));
    }
    return mine;
  }),
);
await close();
console.log(JSON.stringify({ written: written.flat() }));
