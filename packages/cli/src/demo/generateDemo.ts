import type { Unit } from '@casefold/core';
import type { Json } from '@casefold/engine';
import { type DashboardState, dashboardProjection } from '../projections/dashboardProjection.js';
import { foldInPlace } from '../projections/foldInPlace.js';
import type { OpenedStore } from '../store/openStore.js';
import type { CaseHistory } from './simulateYear.js';
import { type Simulation, startSimulation } from './startSimulation.js';

/** Options of {@link generateDemo}. */
export interface GenerateDemoOptions {
  /** The (empty) store the demo is written to. */
  readonly target: OpenedStore;
  readonly cases: number;
  readonly seed: string;
  /** Default 2025. */
  readonly year?: number;
  /**
   * Simulate in a child process while this process stores and projects (the CLI does).
   * The child runs the compiled package, or the sources under the loader this process was
   * started with (tsx). Default `false`: everything in this thread.
   */
  readonly parallel?: boolean;
  /**
   * The simulation of these `cases`, `seed` and `year`, started already (see `startSimulation`),
   * e.g. to overlap its start-up with opening the target. Default: started here.
   */
  readonly simulation?: Simulation;
  /** Progress of the simulation, in cases submitted. */
  readonly onSimulated?: (done: number, total: number) => void;
}

/** What {@link generateDemo} produced. */
export interface GenerateDemoResult {
  readonly units: readonly Unit[];
  readonly cases: number;
  readonly commands: number;
  readonly events: number;
  readonly lastPosition: bigint;
  /** The dashboards' read models, committed to the target with the checkpoint `lastPosition`. */
  readonly state: DashboardState;
  readonly elapsedMs: number;
}

/**
 * Generates the demo: a year simulated through the real command handler on a staging store
 * (in memory, no disk round trip per command; see `stagingEventStore`), each finished
 * case's events then appended to the target in one append — where the hash chain is
 * computed — and folded into the dashboard projections. The appends of a batch of cases are
 * started together, so a store that groups commits (SQLite) writes them in one transaction.
 * The read model is committed with the target's last position as its checkpoint, so
 * `casefold replay` reproduces it from the file.
 */
export const generateDemo = async (options: GenerateDemoOptions): Promise<GenerateDemoResult> => {
  const started = performance.now();
  const { target } = options;
  const year = options.year ?? 2025;
  const fold = foldInPlace(dashboardProjection);
  let lastPosition = 0n;
  let cases = 0;
  let events = 0;
  const store = async (histories: readonly CaseHistory[]): Promise<void> => {
    const appended = await Promise.all(histories.map((history) => target.events.appendToStream(history.streamId, history.appended, { expectedRevision: 'no_stream' })));
    // Folded in the order of the store's positions, as `casefold replay` reads them.
    const envelopes = appended.flatMap((result, i) =>
      result.events.map((recorded, j) => ({ streamId: recorded.streamId, revision: recorded.revision, position: recorded.position, eventId: recorded.eventId, recordedAt: recorded.metadata.recordedAt, event: histories[i]!.events[j]! })),
    );
    envelopes.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    for (const envelope of envelopes) fold.apply(envelope);
    const last = envelopes[envelopes.length - 1];
    if (last !== undefined && last.position > lastPosition) lastPosition = last.position;
    cases += histories.length;
    events += envelopes.length;
  };
  let done: { readonly units: readonly Unit[]; readonly commands: number } | null = null;
  const simulation = options.simulation ?? startSimulation({ cases: options.cases, seed: options.seed, year }, options.parallel === true);
  try {
    for await (const message of simulation.messages) {
      if (message.kind === 'progress') options.onSimulated?.(message.done, message.total);
      else if (message.kind === 'cases') await store(message.histories);
      else if (message.kind === 'failed') throw new Error(`${message.name}: ${message.message}`);
      else done = message;
    }
  } finally {
    simulation.stop();
  }
  if (done === null) throw new Error('the simulation ended without a result');
  const state = fold.state();
  const existing = await target.projections.load(dashboardProjection.name);
  await target.projections.commit({ name: dashboardProjection.name, version: dashboardProjection.version, position: lastPosition, state: state as unknown as Json }, existing?.position ?? null);
  await target.writeSetting('directory', done.units as unknown as Json);
  return { units: done.units, cases, commands: done.commands, events, lastPosition, state, elapsedMs: performance.now() - started };
};
