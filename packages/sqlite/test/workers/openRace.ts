/**
 * Once told to go, opens a store on each of `files` fresh files in turn (the other workers
 * open the same files at the same moment) and closes it; reports every error it met.
 */
import { getSqliteEventStore } from '@casefold/sqlite';
import { report, waitForGo } from '../support/workers.js';

const { files, worker } = JSON.parse(process.argv[2]!) as { files: string[]; worker: number };

report({ ready: worker });
await waitForGo();
const errors: string[] = [];
for (const fileName of files) {
  try {
    await getSqliteEventStore({ fileName, busyTimeoutMs: 10_000 }).close();
  } catch (e) {
    errors.push(`${(e as Error).name}: ${(e as Error).message}`);
  }
}
report({ errors });
