/**
 * Runs the per-stream row projection over a store file in its own process (batches of 200
 * events; the store at synchronous FULL, its row commits at NORMAL in WAL mode, each still long
 * enough for a kill to land inside it now and then), reporting
 * its committed checkpoint every few milliseconds; with `until`, waits for that position,
 * reports `done` and exits.
 */
import * as E from 'fp-ts/lib/Either.js';
import { startRowProjection } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { perStreamRows } from '../support/perStreamRows.js';
import { reportProjectionProgress } from '../support/workers.js';

const { fileName, until } = JSON.parse(process.argv[2]!) as { fileName: string; until?: string };
const store = getSqliteEventStore({ fileName, synchronous: 'FULL' });
const runner = await startRowProjection({
  store,
  rowStore: store.rowProjections,
  projection: perStreamRows('perStream'),
  decode: (recorded) => E.right(recorded),
  batchSize: 200,
});
await reportProjectionProgress(runner, () => store.close(), until);
