import {
  type CaseBoardRow,
  type CaseScopesState,
  type DeadlinesRow,
  type JurisdictionDirectory,
  type StatisticsRow,
  caseBoardRows,
  caseScopesProjection,
  deadlinesRows,
  statisticsRows,
} from '@casefold/core';
import { type EventStore, type ProjectionStore, type RowProjectionRunner, type RowProjectionStore, caseEventCodec, startProjection, startRowProjection } from '@casefold/engine';

/** Where a tenant's read models are kept: its view's document store (checkpoints, the case scopes) and row store (the row tables). */
export interface ReadModelStores {
  readonly events: EventStore;
  readonly projections: ProjectionStore;
  readonly rowProjections: RowProjectionStore;
}

/** The read models the service answers from, kept up to date by the engine's runners. */
export interface ReadModels {
  /** One row per case (`caseBoardRows`): the board's pages, totals and counts are queries on its indexes. */
  readonly board: RowProjectionRunner<CaseBoardRow>;
  /** One row per open case with its running clocks (`deadlinesRows`): a unit's subtree is a range of an index. */
  readonly deadlines: RowProjectionRunner<DeadlinesRow>;
  /** One row per case with its facts (`statisticsRows`): a period of a unit or kind is a range of an index. */
  readonly statistics: RowProjectionRunner<StatisticsRow>;
  /** Who stands how to each case: what the reads are scoped by (a document: a policy is not a column). */
  readonly caseScopes: () => CaseScopesState;
  /** Resolves once every read model has folded the event at `position` (read-your-writes). */
  readonly waitFor: (position: bigint, timeoutMs: number) => Promise<void>;
  readonly stop: () => Promise<void>;
}

/**
 * Starts one runner per read model: the board, deadlines and statistics as row projections over
 * `directory` (their rows and checkpoints in the row store, written per batch), the case scopes
 * as a document projection. Each resumes from its checkpoint after a restart and follows new
 * events as they are appended.
 */
export const startReadModels = async (stores: ReadModelStores, directory: JurisdictionDirectory): Promise<ReadModels> => {
  const { events: store, projections: projectionStore, rowProjections: rowStore } = stores;
  const { decode } = caseEventCodec();
  const [board, deadlines, statistics, caseScopes] = await Promise.all([
    startRowProjection({ store, rowStore, projection: caseBoardRows(directory), decode }),
    startRowProjection({ store, rowStore, projection: deadlinesRows(directory), decode }),
    startRowProjection({ store, rowStore, projection: statisticsRows(directory), decode }),
    startProjection({ store, projectionStore, projection: caseScopesProjection, decode }),
  ]);
  const runners = [board, deadlines, statistics, caseScopes];
  return {
    board,
    deadlines,
    statistics,
    caseScopes: () => caseScopes.state(),
    waitFor: async (position, timeoutMs) => {
      await Promise.all(runners.map((runner) => runner.waitFor(position, { timeoutMs })));
    },
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
    },
  };
};
