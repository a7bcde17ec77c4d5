/**
 * Reliability worker: prints `appending`, then appends one batch of `count` events in a
 * single append (one transaction) — the test kills it while the statement runs.
 * Args: connectionString schema streamId count
 */
import type { NewEvent } from '@casefold/engine';
import { openPostgresStore } from '../../src/index.js';

const [url, schema, streamId, count] = process.argv.slice(2) as [string, string, string, string];
const { events: eventStore, close } = await openPostgresStore({ connectionString: url, schema, pool: { applicationName: process.env['WORKER_NAME'] ?? 'casefold-worker' } });
const metadata = { occurredAt: '2026-03-01T00:00:00.000Z', recordedAt: '2026-03-01T00:00:00.000Z', commandId: 'c', correlationId: 'c', causationId: null, schemaVersion: 1 };
const events: NewEvent[] = Array.from({ length: Number(count) }, (_, i) => ({ eventId: `big-${i}`, type: 'Big', data: { i, pad: 'x'.repeat(100) }, metadata }));
console.log('appending');
await eventStore.appendToStream(streamId, events, { expectedRevision: 'no_stream' });
console.log('appended');
await close();
