import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EventStore, checkpointText, generateEd25519KeyPair, leavesText, readStoreHeads, signCheckpoint, startCheckpointing } from '@casefold/engine';
import { rateSideBySide, type Measurement } from '../harness/benchHarness.js';
import { caseEvents } from '../workload/caseEvents.js';

/** Two stores of one kind, filled alike: one appended to with the store-wide commitment (periodic checkpoints), one without. */
export interface StorePair {
  readonly name: string;
  readonly withCommitment: EventStore;
  readonly without: EventStore;
  readonly close: () => Promise<void>;
}

/** Options of {@link appendWithCheckpointsFigures}. */
export interface AppendWithCheckpointsOptions {
  /** Cases of 6 events in each store before measuring (what each checkpoint reads). */
  readonly prefill: number;
  /** Cases of 6 events appended per measured run. */
  readonly cases: number;
  /** Checkpoint every this many events (positions). */
  readonly every: number;
  /** How many appends run at once (each a case of 6 events). */
  readonly writers: number;
  readonly repeats: number;
}

/** Appends `count` new cases, `writers` at a time, case ids from `first` on. */
const appendCases = async (store: EventStore, first: number, count: number, writers: number): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < count; i = next++) await store.appendToStream(`case-${first + i}`, caseEvents(first + i), { expectedRevision: 'no_stream' });
    }),
  );
};

/**
 * Append with the store-wide commitment beside append without it, in the same run. The
 * commitment (a Merkle root over every stream's head) is computed when a checkpoint is
 * taken, not on append, so the append path is the same code for both stores: the cost is
 * that of `startCheckpointing` meanwhile (reading each appended event once, through the
 * store's head reader where it has one, then per checkpoint the tree hashed again where
 * heads changed, signed, written to files), competing with the appends for the same
 * process and database. Baseline: the same appends on the other store, with no checkpointing.
 */
export const appendWithCheckpointsFigures = async (pair: StorePair, options: AppendWithCheckpointsOptions): Promise<Measurement[]> => {
  const { withCommitment, without } = pair;
  const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-cp-'));
  const { privateKey } = generateEd25519KeyPair();
  let taken = 0;
  try {
    await appendCases(withCommitment, 0, options.prefill, options.writers);
    await appendCases(without, 0, options.prefill, options.writers);
    const checkpointing = startCheckpointing(withCommitment, {
      storeId: pair.name,
      privateKey,
      every: { events: options.every },
      pollMs: 20,
      sink: ({ checkpoint, leaves }) => {
        writeFileSync(join(dir, 'cp.json'), checkpointText(checkpoint));
        writeFileSync(join(dir, 'cp.json.leaves'), leavesText(leaves));
        taken += 1;
      },
      onError: (error) => {
        throw error;
      },
    });
    let first = options.prefill;
    let baseFirst = options.prefill;
    const result = await rateSideBySide(
      options.cases * 6,
      async () => {
        await appendCases(withCommitment, first, options.cases, options.writers);
        first += options.cases;
      },
      async () => {
        await appendCases(without, baseFirst, options.cases, options.writers);
        baseFirst += options.cases;
      },
      options.repeats,
    );
    const takenInRuns = taken;
    // One checkpoint alone (the timer stopped), after `every` more events, taken with checkpointNow: reading them as readStoredAll does (on PostgreSQL, waiting for the transactions in flight, where the timer's head reader does not), the tree (only what changed hashed again), signed, its files written.
    await checkpointing.stop();
    await appendCases(withCommitment, first, Math.ceil(options.every / 6), options.writers);
    let started = performance.now();
    await checkpointing.checkpointNow();
    const periodicMs = performance.now() - started;
    // The same checkpoint from scratch, as `takeCheckpoint` makes it once the heads are read: every leaf and node hashed.
    const heads = await readStoreHeads(withCommitment, await withCommitment.readLastPosition());
    started = performance.now();
    const next = signCheckpoint(heads, { storeId: pair.name, privateKey });
    writeFileSync(join(dir, 'cp.json'), checkpointText(next.checkpoint));
    writeFileSync(join(dir, 'cp.json.leaves'), leavesText(next.leaves));
    const fullMs = performance.now() - started;
    return [
      {
        name: `${pair.name}: append (${options.writers} writers, cases of 6) with checkpoints every ${options.every.toLocaleString('en')} events (baseline: without)`,
        value: result.rate,
        unit: 'events/s',
        baseline: result.baselineRate,
        ratio: result.ratio,
      },
      { name: `${pair.name}: checkpoints taken in those runs`, value: takenInRuns, unit: 'count' },
      {
        name: `${pair.name}: one checkpoint (checkpointNow) ${options.every.toLocaleString('en')} events after the last (read them as readStoredAll does, tree, signature, files), ${next.checkpoint.streams.toLocaleString('en')} streams`,
        value: periodicMs,
        unit: 'ms',
      },
      { name: `${pair.name}: the same checkpoint from scratch (heads read; every leaf and node hashed, signature, files)`, value: fullMs, unit: 'ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await pair.close();
  }
};
