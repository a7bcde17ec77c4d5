/**
 * Writes to a store file at synchronous FULL in phases — appends, row projection commits,
 * document projection commits, a refused (conflicting) row commit, appends again — writing the
 * name of each phase to stdout with one synchronous write(2) before it, so that a syscall trace
 * (strace) shows which disk syncs each phase made.
 */
import { writeSync } from 'node:fs';
import { isProjectionConflictError } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { newEvent } from '../support/fixtures.js';
import { perStreamRows } from '../support/perStreamRows.js';

const { fileName, commits } = JSON.parse(process.argv[2]!) as { fileName: string; commits: number };
const store = getSqliteEventStore({ fileName, synchronous: 'FULL', groupCommit: false });
const model = perStreamRows('perStream');
const phase = (name: string): void => void writeSync(1, `phase:${name}\n`);

const appendPhase = async (name: string): Promise<void> => {
  phase(name);
  for (let i = 0; i < commits; i++) await store.appendToStream(`case-${name}-${i}`, [newEvent()]);
};

await store.rowProjections.reset(model, model.version, null);
await store.projections.commit({ name: 'document', version: 1, position: 0n, state: { n: 0 } }, null);
await appendPhase('appends');
phase('rows');
for (let i = 1; i <= commits; i++) {
  await store.rowProjections.commit(model, { version: 1, position: BigInt(i), put: [{ streamId: `case-${i}`, events: i, outOfOrder: 0, last: String(i) }], removed: [] }, BigInt(i - 1));
}
phase('documents');
for (let i = 1; i <= commits; i++) await store.projections.commit({ name: 'document', version: 1, position: BigInt(i), state: { n: i } }, BigInt(i - 1));
phase('refused');
const refused = await store.rowProjections.commit(model, { version: 1, position: 999n, put: [], removed: [] }, 5n).catch((e: unknown) => e);
if (!isProjectionConflictError(refused)) throw new Error(`expected a ProjectionConflictError, got ${String(refused)}`);
await appendPhase('appendsAgain');
phase('end');
await store.close();
