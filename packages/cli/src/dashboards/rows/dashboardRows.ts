import {
  type AnyCaseEvent,
  type CaseBoardRow,
  type CaseTimelineRow,
  type DeadlinesRow,
  type EscalationPathRow,
  type JurisdictionDirectory,
  type Row,
  type RowProjection,
  type RowQuery,
  type StatisticsRow,
  caseBoardRows,
  caseTimelineRows,
  deadlinesRows,
  escalationPathsRows,
  statisticsRows,
} from '@casefold/core';
import { type EventStore, MAX_ROW_PAGE, type RowProjectionRunner, type RowProjectionStore, startRowProjection } from '@casefold/engine';
import { isCaseEvent } from '../../projections/catchUp.js';
import { storeEventCodec } from '../../store/storeEventCodec.js';

/** Events per commit of the dashboard's row projections (a catch-up over a large store commits less often). */
const BATCH_SIZE = 2_000;

/** The five built-in row projections the dashboard reads, running over one store. */
export interface DashboardRows {
  readonly board: RowProjectionRunner<CaseBoardRow>;
  readonly timelines: RowProjectionRunner<CaseTimelineRow>;
  readonly escalation: RowProjectionRunner<EscalationPathRow>;
  readonly statistics: RowProjectionRunner<StatisticsRow>;
  readonly deadlines: RowProjectionRunner<DeadlinesRow>;
  /** Resolves once every one of them has folded the events up to `position`. */
  readonly waitFor: (position: bigint) => Promise<void>;
  /** Stops them all. */
  readonly stop: () => Promise<void>;
}

/** Options of {@link startDashboardRows}. */
export interface StartDashboardRowsOptions {
  readonly events: EventStore;
  /** Where the rows and their checkpoints are kept: the store's own database (`rowProjections` of a SQLite or PostgreSQL store). */
  readonly rowStore: RowProjectionStore;
  /** The directory the board, escalation, statistics and deadline rows take each unit's subtree from. */
  readonly directory: JurisdictionDirectory;
}

/** The five built-in row projections the dashboard reads, over a directory. */
export const dashboardRowProjections = (directory: JurisdictionDirectory) => ({
  board: caseBoardRows(directory),
  timelines: caseTimelineRows,
  escalation: escalationPathsRows(directory),
  statistics: statisticsRows(directory),
  deadlines: deadlinesRows(directory),
});

/**
 * Starts the built-in row projections (the case board, timelines, escalation paths, statistics
 * and deadlines as rows) over a store: each resumes from its checkpoint in the row store (or
 * builds its table from the first event), then follows new events, as `startRowProjection` does.
 * Only case streams are folded, as the CLI's document projections fold them.
 */
export const startDashboardRows = async ({ events, rowStore, directory }: StartDashboardRowsOptions): Promise<DashboardRows> => {
  const started: RowProjectionRunner<never>[] = [];
  const start = async <R extends Row>(projection: RowProjection<R, AnyCaseEvent>): Promise<RowProjectionRunner<R>> => {
    const runner = await startRowProjection({ store: events, rowStore, projection, decode: storeEventCodec.decode, accepts: isCaseEvent, batchSize: BATCH_SIZE });
    started.push(runner as unknown as RowProjectionRunner<never>);
    return runner;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(started.map((runner) => runner.stop()));
  };
  try {
    const projections = dashboardRowProjections(directory);
    const rows = {
      board: await start(projections.board),
      timelines: await start(projections.timelines),
      escalation: await start(projections.escalation),
      statistics: await start(projections.statistics),
      deadlines: await start(projections.deadlines),
    };
    return {
      ...rows,
      waitFor: async (position) => {
        await Promise.all(started.map((runner) => runner.waitFor(position)));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

/** Every row of a query, page after page (`first.limit` rows a page), while `more` says the last row read does not end it. */
export const everyRow = async <R extends Row>(runner: RowProjectionRunner<R>, first: RowQuery<R>, more: (last: R) => boolean = () => true): Promise<R[]> => {
  const rows: R[] = [];
  for (let page = await runner.query(first); ; page = await runner.query({ ...first, after: page.next })) {
    rows.push(...page.rows);
    const last = page.rows.at(-1);
    if (page.next === null || last === undefined || !more(last)) return rows;
  }
};

/** A whole table's query in the largest pages the port gives (`MAX_ROW_PAGE` rows). */
export const inLargePages = <R extends Row>(query: Omit<RowQuery<R>, 'limit'>): RowQuery<R> => ({ ...query, limit: MAX_ROW_PAGE });
