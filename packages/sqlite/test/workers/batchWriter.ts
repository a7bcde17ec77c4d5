/**
 * Appends multi-event batches forever (until killed), each event carrying its batch id and
 * the batch's size in its metadata, and reports each batch id once its append returned.
 * With `loops` > 1, that many loops append at once, so their appends share group commits.
 */
import { getSqliteEventStore } from '@casefold/sqlite';
import { newEvent } from '../support/fixtures.js';
import { report } from '../support/workers.js';

const { fileName, writer, loops = 1 } = JSON.parse(process.argv[2]!) as { fileName: string; writer: number; loops?: number };
const store = getSqliteEventStore({ fileName });
const filler = 'mediation notes '.repeat(120);
report({ started: writer });
let next = 0;
const loop = async (): Promise<never> => {
  for (;;) {
    const i = next++;
    const batchId = `w${writer}-b${i}`;
    const size = 2 + (i % 7);
    const events = Array.from({ length: size }, (_, k) => newEvent('Noted', { k, filler }, { batchId, batchSize: size }));
    await store.appendToStream(`case-${i % 5}`, events);
    report({ committed: batchId });
  }
};
await Promise.all(Array.from({ length: loops }, loop));
