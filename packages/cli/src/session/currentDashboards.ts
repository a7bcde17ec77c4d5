import { isProjectionConflictError } from '@casefold/engine';
import { progressBar } from '../cli/progressBar.js';
import type { Output } from '../cli/output.js';
import { catchUp } from '../projections/catchUp.js';
import { type DashboardState, dashboardProjection } from '../projections/dashboardProjection.js';
import type { OpenedStore } from '../store/openStore.js';

/** What {@link currentDashboards} returns. */
export interface CurrentDashboards {
  readonly state: DashboardState;
  /** Checkpoint the stored read model had before this call (0 when rebuilt). */
  readonly from: bigint;
  /** The store's last position: the read model now includes every event. */
  readonly position: bigint;
  readonly elapsedMs: number;
}

/** How often a catch-up starts again when another command stored the read model first. */
const CONFLICT_ATTEMPTS = 3;

/**
 * The dashboards' read model brought up to date with the store: folds only the events
 * after its stored checkpoint (all of them with `rebuild`), with a progress bar on a terminal.
 * When another command (`dashboards`, `stats`, `replay` in another process) stores the read
 * model first, it starts again from what that one stored, up to three times in all.
 *
 * @throws ProjectionConflictError when another command stored the read model first each time.
 */
export const currentDashboards = async (store: OpenedStore, output: Output, options: { readonly rebuild?: boolean } = {}): Promise<CurrentDashboards> => {
  const started = performance.now();
  const until = await store.lastPosition();
  const stored = options.rebuild === true ? null : await store.projections.load(dashboardProjection.name);
  const start = stored !== null && stored.version === dashboardProjection.version ? stored.position : 0n;
  const bar = until > start ? progressBar(output, options.rebuild === true ? output.messages.dashboards.replaying : output.messages.dashboards.catchingUp, Number(until - start)) : null;
  const attempt = () =>
    catchUp({
      store: store.events,
      projectionStore: store.projections,
      projection: dashboardProjection,
      until,
      ...(options.rebuild === undefined ? {} : { rebuild: options.rebuild }),
      onProgress: (position) => bar?.update(Number(position - start)),
    });
  let result: Awaited<ReturnType<typeof attempt>>;
  for (let attempts = 1; ; attempts += 1) {
    try {
      result = await attempt();
      break;
    } catch (error) {
      // Another command (dashboards, stats, replay) stored the read model first: start again from what it stored.
      if (!isProjectionConflictError(error) || attempts >= CONFLICT_ATTEMPTS) throw error;
    }
  }
  bar?.finish();
  return { state: result.state, from: result.from, position: result.position, elapsedMs: performance.now() - started };
};
