/**
 * Benchmarks of tenants (issue 16, docs/tenancy.md): what a tenant's view of a shared SQLite
 * file costs, side by side in the same run.
 *
 * - The command path through a tenant's view (its streams under `<tenant>/`), the file shared
 *   with three other tenants that already hold as many cases of the same ids, beside the same
 *   commands on a plain store of a file of its own.
 * - A tenant's replay (its whole history read in position order, as a projection's catch-up
 *   reads it) through its view of a file holding four tenants' equal shares, beside reading a
 *   file that holds its events alone: what skipping the others' positions costs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleDirectory } from '@casefold/core/testing';
import { type EventStore, caseCommandHandler, forEachEvent, tenantEventStore } from '@casefold/engine';
import { getSqliteEventStore } from '@casefold/sqlite';
import { type BenchmarkSuite, type Measurement, rateSideBySide } from '../harness/benchHarness.js';
import { CASE_STEPS, interleavedCases, lifecycleEvents, runCommands } from '../workload/caseCommands.js';
import { benchClock, benchWorkflow } from '../workload/lifecycleCommands.js';

const CASES = 400;
const IN_FLIGHT = 16;
const REPEATS = 5;
const TENANTS = ['xishan', 'guandu', 'wuhua', 'panlong'] as const;
const REPLAY_CASES = 5_000;
const directory = sampleDirectory();

/** Runs `work` on two SQLite temp files (`synchronous` OFF: the views' CPU cost, no fsync to hide it), the shared one and one of the tenant's own; removes them after. */
const withTwoFiles = async <T>(work: (shared: EventStore, own: EventStore) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), 'casefold-bench-tenancy-'));
  const shared = getSqliteEventStore({ fileName: join(dir, 'shared.db'), synchronous: 'OFF' });
  const own = getSqliteEventStore({ fileName: join(dir, 'own.db'), synchronous: 'OFF' });
  try {
    return await work(shared, own);
  } finally {
    await Promise.all([shared.close(), own.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Commands through a tenant's view of a file shared with three busy tenants, vs the same commands on a file of its own (synchronous OFF: the view's CPU cost, no fsync to hide it). */
const commandPath = (): Promise<Measurement> =>
  withTwoFiles(async (sharedStore, ownStore) => {
    const handlerOn = (store: EventStore) => caseCommandHandler({ store, directory, workflow: benchWorkflow, clock: benchClock });
    const [tenant, ...neighbours] = TENANTS.map((id) => handlerOn(tenantEventStore(sharedStore, id)));
    const own = handlerOn(ownStore);
    let nextCase = 0;
    const fresh = () => interleavedCases((nextCase += CASES) - CASES, CASES).commands;
    // The neighbours' cases first, as many as the tenant's rounds will add, on the same case ids.
    for (const neighbour of neighbours) {
      nextCase = 0;
      for (let round = 0; round < REPEATS; round++) await runCommands(neighbour, fresh(), IN_FLIGHT);
    }
    nextCase = 0;
    const result = await rateSideBySide(
      CASES * CASE_STEPS,
      () => runCommands(tenant!, fresh(), IN_FLIGHT),
      () => runCommands(own, fresh(), IN_FLIGHT),
      REPEATS,
    );
    return {
      name: "commands through a tenant's view of a file shared with 3 tenants (vs a file of its own), synchronous OFF",
      value: result.rate,
      unit: 'commands/s',
      baseline: result.baselineRate,
      ratio: result.ratio,
    };
  });

/** A tenant's whole history read through its view of a file of four equal tenants, vs the same events in a file of their own. */
const replay = (): Promise<Measurement> =>
  withTwoFiles(async (sharedStore, ownStore) => {
    const views = TENANTS.map((id) => tenantEventStore(sharedStore, id));
    let events = 0;
    for (let i = 0; i < REPLAY_CASES; i++) {
      const lifecycle = lifecycleEvents(i);
      events += lifecycle.length;
      // Interleaved as districts' days are: case i of every tenant in turn.
      for (const view of views) await view.appendToStream(`case-${i}`, lifecycle);
      await ownStore.appendToStream(`case-${i}`, lifecycle);
    }
    const readAll = (store: EventStore) => forEachEvent(store.readAll(), () => true);
    const result = await rateSideBySide(
      events,
      () => readAll(views[0]!),
      () => readAll(ownStore),
      REPEATS,
    );
    return {
      name: `a tenant's replay (${events} of ${events * TENANTS.length} events) through its view of a shared file, vs the same events in a file of their own`,
      value: result.rate,
      unit: 'events/s',
      baseline: result.baselineRate,
      ratio: result.ratio,
    };
  });

export const benchmarks: BenchmarkSuite[] = [
  {
    id: 'tenancy-sqlite',
    name: `tenancy — a tenant's view of a shared SQLite file vs a file of its own: the command path (${CASES} cases × ${CASE_STEPS}, ${IN_FLIGHT} in flight) and a replay (${REPLAY_CASES} cases of 4 tenants)`,
    run: async () => [await commandPath(), await replay()],
  },
];
