import { type CaseBoardState, type JurisdictionDirectory, caseBoardProjection } from '@casefold/core';
import { type ExecuteCaseCommandOptions, caseCommandHandler, caseEventCodec, getInMemoryEventStore, getInMemoryProjectionStore, startProjection } from '@casefold/engine';
import * as E from 'fp-ts/lib/Either.js';

/** The case board as the runner held it after the command, and after a rebuild from the first event. */
export interface CaseBoardRunnerResult {
  readonly board: CaseBoardState;
  readonly rebuilt: CaseBoardState;
}

/**
 * Runs the built-in case board beside a command handler on an in-memory store: one command,
 * the runner waited for (read-your-writes), then a rebuild (docs/projections.md, "Running one").
 */
export const caseBoardRunner = async (directory: JurisdictionDirectory, command: unknown, options: ExecuteCaseCommandOptions): Promise<CaseBoardRunnerResult> => {
  const store = getInMemoryEventStore();
  const projectionStore = getInMemoryProjectionStore();
  const codec = caseEventCodec();
  const execute = caseCommandHandler({ store, directory });
  // #region running
  const runner = await startProjection({
    store,
    projectionStore, // where state + checkpoint live (ProjectionStore port)
    projection: caseBoardProjection, // from @casefold/core
    decode: codec.decode, // RecordedEvent → Either<EventDecodeError, E>
    accepts: (e) => e.streamId.startsWith('case-'), // optional filter
    batchSize: 500, // optional
  });
  const result = await execute(command, options);
  if (E.isRight(result)) await runner.waitFor(result.right.lastPosition ?? 0n); // read-your-writes
  const board = runner.state(); // last committed state (read-only)
  const position = runner.position();
  await runner.rebuild(); // discard the state and fold everything again from position 0
  await runner.waitFor(position); // the rebuilt state has caught up
  const rebuilt = runner.state();
  await runner.stop();
  // #endregion running
  return { board, rebuilt };
};
