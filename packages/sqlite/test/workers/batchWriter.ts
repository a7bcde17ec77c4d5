/**
 * Appends multi-event batches forever (until killed), each event carrying its batch id and
 * the batch's size in its metadata, and reports each batch id once its append returned.
 */
import { getSqliteEventStore } from '@casefold/sqlite';
import { newEvent } from '../support/fixtures.js';
import { report } from '../support/workers.js';

const { fileName, writer } = JSON.parse(process.argv[2]!) as { fileName: string; writer: number };
const store = getSqliteEventStore({ fileName });
const filler = 'mediation notes '.repeat(120);
report({ started: writer });
for (let i = 0; ; i++) {
  const batchId = `w${writer}-b${i}`;
  const size = 2 + (i % 7);
  const events = Array.from({ length: size }, (_, k) => newEvent('Noted', { k, filler }, { batchId, batchSize: size }));
  await store.appendToStream(`case-${i % 5}`, events);
  report({ committed: batchId });
}
