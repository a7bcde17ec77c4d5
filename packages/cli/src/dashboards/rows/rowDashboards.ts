import type { Calendar } from '@casefold/core';
import type { RowProjectionStore } from '@casefold/engine';
import type { Output } from '../../cli/output.js';
import type { OpenedStore } from '../../store/openStore.js';
import { type Dashboards, type DashboardsOptions, dashboardsOfFigures } from '../dashboards.js';
import { currentDashboardRows } from './currentDashboardRows.js';
import { type FiguresByKind, type WholeStoreFigures, figuresOf, wholeStoreFigures } from './rowFigures.js';

/** Options of {@link rowDashboardsOf}: those of `dashboardsOf`, with where the rows are kept and the progress bar is drawn. */
export interface RowDashboardsOptions extends DashboardsOptions {
  /** The store's row read models (`store.rowProjections`: SQLite, PostgreSQL). */
  readonly rowStore: RowProjectionStore;
  readonly output: Output;
}

/** What {@link rowDashboardsOf} returns. */
export interface RowDashboards {
  readonly dashboards: Dashboards;
  /** The lowest checkpoint the rows had before the call (`0n` when one of them was built from the first event). */
  readonly from: bigint;
  /** The store's last position: the rows include every event up to it. */
  readonly position: bigint;
}

/** The whole store's figures with the deadlines judged at `asOf` (the board's counts, escalation and statistics do not depend on it). */
const judgedAt = (whole: WholeStoreFigures, asOf: string, calendar: Calendar): FiguresByKind =>
  figuresOf({ ...whole.rows, asOf }, { caseBoard: (kind) => whole.figures(kind).caseBoard, escalation: (kind) => whole.figures(kind).escalation }, calendar);

/**
 * The four dashboards of a store from its row read models, brought up to its last position
 * first (`currentDashboardRows`: only the events after the rows' checkpoints are folded; the first
 * run builds them from the first event). Equal to `dashboardsOf` over the document read models of
 * the same events (`wholeStoreFigures`): deadlines judged at `asOf`, by default the latest event's
 * time, and every figure limited to `kind` when given.
 *
 * @example
 * const { dashboards } = await rowDashboardsOf(store, { rowStore: store.rowProjections, output, calendar: chinaCalendar(), directory, kind: 'gridEvent' });
 *
 * @throws ProjectionConflictError when another command committed the rows first three times in a row.
 */
export const rowDashboardsOf = async (store: OpenedStore, options: RowDashboardsOptions): Promise<RowDashboards> => {
  const { calendar, directory } = options;
  const { rows, from, position } = await currentDashboardRows({ store, rowStore: options.rowStore, directory, output: options.output });
  const whole = await wholeStoreFigures(rows, directory, calendar);
  const figures = options.asOf === undefined ? whole.figures : judgedAt(whole, options.asOf, calendar);
  return { dashboards: dashboardsOfFigures(figures(options.kind), options.kind ?? null), from, position };
};
