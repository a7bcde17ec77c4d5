/**
 * A second process that writes to a casefold SQLite database the whole time: it appends one
 * event at a time to the stream `writer-1` and prints the number of acknowledged appends
 * after each, until its stdin ends; then it closes the store and prints `done N`.
 * Run: `tsx --conditions=@casefold/source appendingWriter.ts FILE`.
 */
import { getSqliteEventStore } from '@casefold/sqlite';

const fileName = process.argv[2]!;
const store = getSqliteEventStore({ fileName });
let stopped = false;
process.stdin.on('data', () => undefined).on('end', () => (stopped = true));
let acknowledged = 0;
try {
  while (!stopped) {
    const n = acknowledged + 1;
    await store.appendToStream(
      'writer-1',
      [
        {
          eventId: `writer-${n}`,
          type: 'Tick',
          data: { n },
          metadata: { occurredAt: '2025-03-01T00:00:00.000Z', recordedAt: '2025-03-01T00:00:00.000Z', commandId: `w-${n}`, correlationId: `w-${n}`, causationId: null, schemaVersion: 1 },
        },
      ],
      { expectedRevision: 'any' },
    );
    acknowledged = n;
    process.stdout.write(`${acknowledged}\n`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
} catch (error) {
  process.stdout.write(`failed ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
}
await store.close();
process.stdout.write(`done ${acknowledged}\n`);
