/** Appends `count` single events to one stream, `delayMs` apart, then exits. */
import { getSqliteEventStore } from '@casefold/sqlite';
import { newEvent } from '../support/fixtures.js';
import { report } from '../support/workers.js';

const { fileName, streamId, count, delayMs } = JSON.parse(process.argv[2]!) as { fileName: string; streamId: string; count: number; delayMs: number };
const store = getSqliteEventStore({ fileName });
for (let i = 0; i < count; i++) {
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const { lastPosition } = await store.appendToStream(streamId, [newEvent('Noted', { i })]);
  report({ appended: lastPosition });
}
await store.close();
