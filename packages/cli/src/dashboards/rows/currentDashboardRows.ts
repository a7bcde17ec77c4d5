import type { JurisdictionDirectory } from '@casefold/core';
import { type RowProjectionStore, isProjectionConflictError } from '@casefold/engine';
import type { Output } from '../../cli/output.js';
import { progressBar } from '../../cli/progressBar.js';
import type { OpenedStore } from '../../store/openStore.js';
import { type DashboardRows, startDashboardRows } from './dashboardRows.js';

/** Options of {@link currentDashboardRows}. */
export interface CurrentDashboardRowsOptions {
  /** The store's events, read models and last position. */
  readonly store: OpenedStore;
  /** Where the rows and their checkpoints are kept: the store's own database (`store.rowProjections`). */
  readonly rowStore: RowProjectionStore;
  /** The directory the rows take each unit's subtree from. */
  readonly directory: JurisdictionDirectory;
  /** Where the progress bar is drawn (on a terminal only). */
  readonly output: Output;
}

/** What {@link currentDashboardRows} returns. */
export interface CurrentDashboardRows {
  /** The row read models, stopped: their queries read the committed rows. */
  readonly rows: DashboardRows;
  /** The lowest checkpoint the rows had before this call (`0n` when one of them was built from the first event). */
  readonly from: bigint;
  /** The store's last position when the call began: the rows include every event up to it. */
  readonly position: bigint;
}

/** How often in a row the rows are started again when another command committed them first and has not moved on since (as `currentDashboards` does for the document). */
const CONFLICT_ATTEMPTS = 3;

/** How often the progress bar reads the runners' checkpoints while they catch up. */
const PROGRESS_MS = 100;

/** The lowest checkpoint of the five runners. */
const lowestPosition = (rows: DashboardRows): bigint =>
  [rows.board, rows.timelines, rows.escalation, rows.statistics, rows.deadlines].reduce((lowest, runner) => (runner.position() < lowest ? runner.position() : lowest), rows.board.position());

/** Starts the rows and waits until they include `until`, drawing their progress; stopped once caught up (or on failure). */
const caughtUpRows = async ({ store, rowStore, directory, output }: CurrentDashboardRowsOptions, until: bigint): Promise<CurrentDashboardRows> => {
  const rows = await startDashboardRows({ events: store.events, rowStore, directory });
  const from = lowestPosition(rows);
  const bar = until > from ? progressBar(output, output.messages.dashboards.catchingUp, Number(until - from)) : null;
  const timer = bar === null ? undefined : setInterval(() => bar.update(Number(lowestPosition(rows) - from)), PROGRESS_MS);
  try {
    await rows.waitFor(until);
    bar?.finish();
    return { rows, from, position: until };
  } finally {
    clearInterval(timer);
    // Stopped, so that the figures are read from rows no later event moves while they are read.
    await rows.stop();
  }
};

/**
 * The dashboard's row read models (the case board, timelines, escalation paths, statistics and
 * deadlines as rows, kept in the store's own database beside their checkpoints) brought up to the
 * store's last position: each folds only the events after its checkpoint; one without a
 * checkpoint, or at another version, builds its table from the first event. A progress bar shows
 * the catch-up on a terminal. The runners are stopped once caught up: the rows returned are read
 * as committed. When another command (`dashboards`, `stats`, `serve` in another process) commits
 * the rows first, it starts again from what that one committed: as often as that one has moved
 * on since, then up to three times in a row.
 *
 * @throws ProjectionConflictError when another command committed the rows first each time.
 */
export const currentDashboardRows = async (options: CurrentDashboardRowsOptions): Promise<CurrentDashboardRows> => {
  const until = await options.store.lastPosition();
  // The furthest checkpoint another command was found at: while it moves on, that command is
  // building the same rows (two commands started together on a new store lose to each other
  // batch after batch), and starting again from what it committed is progress, not a lost try.
  let furthest: bigint | null = null;
  for (let attempts = 1; ; attempts += 1) {
    try {
      return await caughtUpRows(options, until);
    } catch (error) {
      if (!isProjectionConflictError(error)) throw error;
      const theirs = error.actualPosition;
      if (theirs !== null && (furthest === null || theirs > furthest)) {
        furthest = theirs;
        attempts = 0;
      }
      // Another command committed the rows first: start again from what it committed.
      if (attempts >= CONFLICT_ATTEMPTS) throw error;
    }
  }
};
