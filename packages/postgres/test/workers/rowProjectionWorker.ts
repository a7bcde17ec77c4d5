/**
 * Reliability worker: runs the engine's row projection runner on the PostgreSQL store (rows
 * and checkpoint in one commit), counting `Count` events per stream as rows slowly (about
 * 1 ms per event, in batches of 20), printing each commit's checkpoint, until its checkpoint
 * reaches `until`.
 * Args: connectionString schema until
 */
import * as E from 'fp-ts/lib/Either.js';
import type { RowProjection } from '@casefold/core';
import { startRowProjection } from '@casefold/engine';
import { openPostgresStore } from '../../src/index.js';
import { type StreamCount, streamCounts } from '../support/streamCounts.js';
import { printCommitsUntil } from '../support/workers.js';

const [url, schema, until] = process.argv.slice(2) as [string, string, string];
const { events, rowProjections, close } = await openPostgresStore({
  connectionString: url,
  schema,
  pool: { applicationName: process.env['WORKER_NAME'] ?? 'casefold-worker' },
});
const slow: RowProjection<StreamCount, { value: number }> = {
  ...streamCounts,
  apply: (rows, envelope) => {
    const end = performance.now() + 1;
    while (performance.now() < end);
    streamCounts.apply(rows, envelope);
  },
};
const runner = await startRowProjection({
  store: events,
  rowStore: rowProjections,
  projection: slow,
  decode: (recorded) => E.right(recorded.data as { value: number }),
  accepts: (recorded) => recorded.type === 'Count',
  batchSize: 20,
});
await printCommitsUntil(runner, close, until);
console.log(JSON.stringify({ position: runner.position().toString() }));
