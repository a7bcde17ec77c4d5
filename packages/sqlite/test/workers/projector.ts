/**
 * Runs the per-stream projection over a store file in its own process, reporting its
 * committed checkpoint every few milliseconds; with `until`, waits for that position,
 * reports `done` and exits.
 */
import * as E from 'fp-ts/lib/Either.js';
import { startProjection } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { perStreamProjection } from '../support/perStreamProjection.js';
import { reportProjectionProgress } from '../support/workers.js';

const { fileName, until } = JSON.parse(process.argv[2]!) as { fileName: string; until?: string };
const store = getSqliteEventStore({ fileName, synchronous: 'NORMAL' });
const runner = await startProjection({
  store,
  projectionStore: store.projections,
  projection: perStreamProjection('per-stream'),
  decode: (recorded) => E.right(recorded),
  batchSize: 16,
});
await reportProjectionProgress(runner, () => store.close(), until);
