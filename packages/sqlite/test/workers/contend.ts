/**
 * Appends `appends` batches of 1–3 events to `streams` shared streams, each with the
 * revision it just read as expected revision, retrying conflicts and lock timeouts.
 * Reports the ids of the events it committed and how often it had to retry.
 */
import { isStoreUnavailableError, isWrongExpectedRevisionError } from '@casefold/engine';
import type { ExpectedRevision } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { newEvent } from '../support/fixtures.js';
import { report, waitForGo } from '../support/workers.js';

const { fileName, synchronous, worker, streams, appends } = JSON.parse(process.argv[2]!) as {
  fileName: string;
  synchronous: 'FULL' | 'NORMAL';
  worker: number;
  streams: number;
  appends: number;
};

const store = getSqliteEventStore({ fileName, synchronous, busyTimeoutMs: 10_000 });
report({ ready: worker });
await waitForGo();
const committed: string[] = [];
let conflicts = 0;
let unavailable = 0;
for (let i = 0; i < appends; i++) {
  const streamId = `case-${i % streams}`;
  const events = Array.from({ length: 1 + (i % 3) }, (_, k) => ({ ...newEvent('Noted', { worker, i, k }), eventId: `w${worker}-a${i}-e${k}` }));
  for (;;) {
    let expectedRevision: ExpectedRevision = 'no_stream';
    for await (const last of store.readStream(streamId, { direction: 'backwards', maxCount: 1 })) expectedRevision = last.revision;
    try {
      await store.appendToStream(streamId, events, { expectedRevision });
      committed.push(...events.map((e) => e.eventId));
      break;
    } catch (e) {
      if (isWrongExpectedRevisionError(e)) conflicts += 1;
      else if (isStoreUnavailableError(e)) unavailable += 1;
      else throw e;
    }
  }
}
await store.close();
report({ committed, conflicts, unavailable });
process.exit(0);
