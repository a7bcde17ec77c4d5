import {
  type CaseBoardState,
  type CaseEvent,
  type CaseScopesState,
  type DeadlinesState,
  type Projection,
  type StatisticsState,
  caseBoardProjection,
  caseScopesProjection,
  deadlinesProjection,
  statisticsProjection,
} from '@casefold/core';
import { type EventStore, type ProjectionRunner, type ProjectionStore, caseEventCodec, startProjection } from '@casefold/engine';

/** The read models the service answers from, kept up to date by the engine's projection runners. */
export interface ReadModels {
  readonly board: () => CaseBoardState;
  readonly deadlines: () => DeadlinesState;
  readonly statistics: () => StatisticsState;
  /** Who stands how to each case: what the reads are scoped by. */
  readonly caseScopes: () => CaseScopesState;
  /** Resolves once every read model has folded the event at `position` (read-your-writes). */
  readonly waitFor: (position: bigint, timeoutMs: number) => Promise<void>;
  readonly stop: () => Promise<void>;
}

/**
 * Starts one runner per read model. Each keeps its state and checkpoint in the projection
 * store, resumes from there after a restart, and follows new events as they are appended.
 */
export const startReadModels = async (store: EventStore, projectionStore: ProjectionStore): Promise<ReadModels> => {
  const codec = caseEventCodec();
  const start = <S>(projection: Projection<S, CaseEvent>): Promise<ProjectionRunner<S>> => startProjection({ store, projectionStore, projection, decode: codec.decode });
  const [board, deadlines, statistics, caseScopes] = await Promise.all([start(caseBoardProjection), start(deadlinesProjection), start(statisticsProjection), start(caseScopesProjection)]);
  const runners = [board, deadlines, statistics, caseScopes];
  return {
    board: () => board.state(),
    deadlines: () => deadlines.state(),
    statistics: () => statistics.state(),
    caseScopes: () => caseScopes.state(),
    waitFor: async (position, timeoutMs) => {
      await Promise.all(runners.map((runner) => runner.waitFor(position, { timeoutMs })));
    },
    stop: async () => {
      await Promise.all(runners.map((runner) => runner.stop()));
    },
  };
};
