/**
 * What the SQLite and PostgreSQL command-path benchmarks share (the PostgreSQL bench imports
 * it from here): the commands of benchmark cases interleaved step by step, the events the
 * case command handler appends for them (for the raw baselines), and a runner keeping a
 * number of commands in flight.
 */
import * as E from 'fp-ts/lib/Either.js';
import { decideInput, evolve, initialState, mediationWorkflow } from '@casefold/core';
import { type NewEvent, caseCommandHandler, caseEventCodec } from '@casefold/engine';
import { type BenchCommand, lifecycleCommands } from './lifecycleCommands.js';

const codec = caseEventCodec({ workflows: [mediationWorkflow] });

/** The encoded events of case `i`'s lifecycle (one per command), as the command handler would append them. */
export const lifecycleEvents = (i: number): NewEvent[] => {
  let state = initialState;
  return lifecycleCommands(i).flatMap(({ command, context }, k) => {
    const decided = decideInput(command, state, context);
    if (E.isLeft(decided)) throw new Error(decided.left.message);
    return decided.right.map((event) => {
      state = evolve(state, event);
      const encoded = codec.encode(event);
      return {
        eventId: `${i}-${k}`,
        type: encoded.type,
        data: encoded.data,
        metadata: { ...encoded.metadata, recordedAt: context.now, commandId: String(command['commandId']), correlationId: String(command['commandId']), causationId: null, schemaVersion: 1 },
      };
    });
  });
};

/** Steps (commands) per benchmark case. */
export const CASE_STEPS = 7;

/** Cases `first` … `first + count - 1`, interleaved: step 0 of every case, then step 1, …; with each case's events for the raw side. */
export interface InterleavedCases {
  readonly commands: readonly BenchCommand[];
  /** `events[i][s]`: the event step `s` of the i-th case appends. */
  readonly events: readonly (readonly NewEvent[])[];
}

/** Builds {@link InterleavedCases}. */
export const interleavedCases = (first: number, count: number): InterleavedCases => {
  const perCase = Array.from({ length: count }, (_, i) => lifecycleCommands(first + i));
  return {
    commands: Array.from({ length: CASE_STEPS }, (_, s) => perCase.map((c) => c[s]!)).flat(),
    events: perCase.map((_, i) => lifecycleEvents(first + i)),
  };
};

/** The case command handler's execute function. */
export type ExecuteCaseCommand = ReturnType<typeof caseCommandHandler>;

/** Runs `commands` through the handler with `inFlight` loops taking the next command from one queue; any rejection fails the run. */
export const runCommands = async (execute: ExecuteCaseCommand, commands: readonly BenchCommand[], inFlight: number): Promise<void> => {
  let next = 0;
  const loop = async (): Promise<void> => {
    while (next < commands.length) {
      const { command, context } = commands[next++]!;
      const result = await execute(command, { actor: context.actor, occurredAt: context.now });
      if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, loop));
};
