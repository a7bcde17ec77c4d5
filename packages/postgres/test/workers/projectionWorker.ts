/**
 * Reliability worker: runs the engine's projection runner on the PostgreSQL store (read
 * model and checkpoint in one commit), folding every `Count` event into { count, sum }
 * slowly (about 1 ms per event, in batches of 20), printing each commit's checkpoint,
 * until its checkpoint reaches `until`.
 * Args: connectionString schema until
 */
import * as E from 'fp-ts/lib/Either.js';
import type { Projection } from '@casefold/core';
import { startProjection } from '@casefold/engine';
import { openPostgresStore } from '../../src/index.js';
import { printCommitsUntil } from '../support/workers.js';

const [url, schema, until] = process.argv.slice(2) as [string, string, string];
const {
  events: eventStore,
  projections: projectionStore,
  close,
} = await openPostgresStore({
  connectionString: url,
  schema,
  pool: { applicationName: process.env['WORKER_NAME'] ?? 'casefold-worker' },
});

interface Totals {
  count: number;
  sum: number;
}
const totals: Projection<Totals, { value: number }> = {
  name: 'totals',
  version: 1,
  initialState: { count: 0, sum: 0 },
  apply: (draft, envelope) => {
    const end = performance.now() + 1;
    while (performance.now() < end);
    draft.count += 1;
    draft.sum += envelope.event.value;
  },
};
const runner = await startProjection({
  store: eventStore,
  projectionStore,
  projection: totals,
  decode: (recorded) => E.right(recorded.data as { value: number }),
  accepts: (recorded) => recorded.type === 'Count',
  batchSize: 20,
});
await printCommitsUntil(runner, close, until);
console.log(JSON.stringify({ position: runner.position().toString(), state: runner.state() }));
