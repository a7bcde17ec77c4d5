import type { Unit } from '@casefold/core';
import type { Json } from '@casefold/engine';
import { type DashboardState, dashboardProjection } from '../projections/dashboardProjection.js';
import { foldInPlace } from '../projections/foldInPlace.js';
import type { OpenedStore } from '../store/openStore.js';
import { HashMismatchError } from '../store/hashMismatchError.js';
import type { CaseHistory } from './simulateYear.js';
import { simulationMessagesOf } from './simulationMessagesOf.js';

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
 * Generates the demo: a year simulated through the real command handler on the engine's
 * in-memory store (no disk round trip per command), each case's history then written to
 * the target in one append (the target recomputes the hash chain, which must match) and
 * folded into the dashboard projections. The read model is committed with the target's
 * last position as its checkpoint, so `casefold replay` reproduces it from the file.
 */
export const generateDemo = async (options: GenerateDemoOptions): Promise<GenerateDemoResult> => {
  const started = performance.now();
  const { target } = options;
  const year = options.year ?? 2025;
  const fold = foldInPlace(dashboardProjection);
  let lastPosition = 0n;
  let cases = 0;
  let events = 0;
  const store = async (history: CaseHistory): Promise<void> => {
    const appended = await target.events.appendToStream(
      history.streamId,
      history.recorded.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata })),
      { expectedRevision: 'no_stream' },
    );
    appended.events.forEach((recorded, i) => {
      if (recorded.hash !== history.recorded[i]?.hash) throw new HashMismatchError(recorded.streamId, recorded.revision);
      fold.apply({ streamId: recorded.streamId, revision: recorded.revision, position: recorded.position, eventId: recorded.eventId, recordedAt: recorded.metadata.recordedAt, event: history.events[i]! });
    });
    lastPosition = appended.lastPosition;
    cases += 1;
    events += appended.events.length;
  };
  let done: { readonly units: readonly Unit[]; readonly commands: number } | null = null;
  for await (const message of simulationMessagesOf({ cases: options.cases, seed: options.seed, year }, options.parallel === true)) {
    if (message.kind === 'progress') options.onSimulated?.(message.done, message.total);
    else if (message.kind === 'cases') {
      for (const history of message.histories) await store(history);
    } else if (message.kind === 'failed') throw new Error(`${message.name}: ${message.message}`);
    else done = message;
  }
  if (done === null) throw new Error('the simulation ended without a result');
  const state = fold.state();
  const existing = await target.projections.load(dashboardProjection.name);
  await target.projections.commit({ name: dashboardProjection.name, version: dashboardProjection.version, position: lastPosition, state: state as unknown as Json }, existing?.position ?? null);
  await target.writeSetting('directory', done.units as unknown as Json);
  return { units: done.units, cases, commands: done.commands, events, lastPosition, state, elapsedMs: performance.now() - started };
};
