import type { Unit } from '@casefold/core';
import { type BrokenLink, type Json, chinaCalendar, rebuildVerified } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';
import { isCaseEvent } from '../projections/catchUp.js';
import { type DashboardState, dashboardProjection } from '../projections/dashboardProjection.js';
import type { OpenedStore } from '../store/openStore.js';
import { type YearFigures, simulateYear } from './simulation/index.js';
import { storeEventCodec } from '../store/storeEventCodec.js';

/** Options of {@link generateDemo}. */
export interface GenerateDemoOptions {
  /** The (empty) store the demo is written to. */
  readonly target: OpenedStore;
  /** Requests over the year (each opens one case, or two linked ones; conversions open more). */
  readonly requests: number;
  readonly seed: string;
  /** Default 2025. */
  readonly year?: number;
  /** Commands in flight at once at most; see `simulateYear`. */
  readonly commandsInFlight?: number;
  /** Progress of the simulation, in requests received. */
  readonly onSimulated?: (done: number, total: number) => void;
}

/** What {@link generateDemo} produced. */
export interface GenerateDemoResult {
  readonly units: readonly Unit[];
  readonly requests: number;
  /** Cases opened: one or two per request, and one per conversion. */
  readonly cases: number;
  /** What the year held, by the simulation's own count (cases by kind and intake, links, conversions, …). */
  readonly year: YearFigures;
  readonly commands: number;
  readonly events: number;
  readonly lastPosition: bigint;
  /** The dashboards' read model, committed to the target with the checkpoint `lastPosition`. */
  readonly state: DashboardState;
  /** Simulating, storing and projecting. */
  readonly elapsedMs: number;
  /** Of which projecting. */
  readonly projectedMs: number;
}

/**
 * Generates the demo on the library path: the year is simulated through the engine's
 * command handler straight into the target's event store (many commands in flight, so the
 * store's group commit writes them together), the directory is stored as a setting, and the
 * dashboards' read model is built from the stored events by the engine's verified rebuild
 * (`rebuildVerified`: one pass that checks every hash chain and folds in place, one commit
 * with the target's last position as its checkpoint), as `casefold replay --verify` builds it.
 * A broken link there (another process changed the file meanwhile) is the result's left
 * side, and no read model is committed.
 *
 * @throws DemoScriptError when the decider refuses a generated command (a generator bug);
 * the store's error when an append or the commit fails.
 */
export const generateDemo = async (options: GenerateDemoOptions): Promise<E.Either<BrokenLink, GenerateDemoResult>> => {
  const started = performance.now();
  const { target, requests, seed } = options;
  const year = options.year ?? 2025;
  const simulated = await simulateYear({
    store: target.events,
    calendar: chinaCalendar({ years: [year, year + 1] }),
    requests,
    seed,
    year,
    ...(options.commandsInFlight === undefined ? {} : { commandsInFlight: options.commandsInFlight }),
    ...(options.onSimulated === undefined ? {} : { onProgress: options.onSimulated }),
  });
  await target.writeSetting('directory', simulated.district.units as unknown as Json);
  const stored = performance.now();
  const rebuilt = await rebuildVerified({
    store: target.events,
    projectionStore: target.projections,
    projection: dashboardProjection,
    decode: storeEventCodec.decode,
    accepts: isCaseEvent,
    fold: 'inPlace',
  });
  if (E.isLeft(rebuilt)) return rebuilt;
  return E.right({
    units: simulated.district.units,
    requests,
    cases: Object.values(simulated.year.cases).reduce((sum, byRoute) => sum + Object.values(byRoute).reduce((n, count) => n + (count ?? 0), 0), 0),
    year: simulated.year,
    commands: simulated.commands,
    events: simulated.events,
    lastPosition: rebuilt.right.position,
    state: rebuilt.right.state,
    elapsedMs: performance.now() - started,
    projectedMs: performance.now() - stored,
  });
};
