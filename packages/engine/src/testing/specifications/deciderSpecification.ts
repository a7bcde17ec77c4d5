import type { Decider } from '../../index.js';
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';

/** The `code` of a rejection type `R` (any string when `R` has no `code`). */
export type RejectionCodeOf<R> = R extends { readonly code: infer K } ? K : string;

/** The assertions after `when`. Each returns what it checked, for further assertions. */
export interface DeciderThen<E, R> {
  /** The command is accepted and produces exactly `expected` (deep equality, in order). */
  readonly then: (expected: readonly E[]) => readonly E[];
  /**
   * The command is refused with a rejection whose `code` is `code` and that matches
   * `details`, if given. On a mismatch the whole rejection is shown (its message and details).
   */
  readonly thenRejects: (code: RejectionCodeOf<R>, details?: Partial<R>) => R;
}

/** `when(command, context?)`: `context` defaults to the one given to `for`. */
export interface DeciderWhen<C, E, Ctx, R> {
  readonly when: (command: C, context?: Ctx) => DeciderThen<E, R>;
}

/** `given(events)`: the stream's history, folded with `evolve` from `initialState`. */
export interface DeciderGiven<C, E, Ctx, R> {
  readonly given: (events: readonly E[]) => DeciderWhen<C, E, Ctx, R>;
}

const decideOrFail = <C, E, S, Ctx, R>(decider: Decider<C, E, S, Ctx, R>, events: readonly E[], command: C, context: Ctx): E.Either<R, readonly E[]> => {
  const state = events.reduce(decider.evolve, decider.initialState);
  try {
    return decider.decide(command, state, context);
  } catch (error) {
    throw new Error(`decide threw instead of returning a rejection (a decider must be total): ${String(error)}`, { cause: error });
  }
};

/**
 * Given/when/then specifications of a decider, with vitest assertions.
 *
 * @example
 * const spec = DeciderSpecification.for(counterDecider, context);
 * spec.given([incremented(2)]).when({ type: 'Increment', amount: 3 }).then([incremented(3)]);
 * spec.given([]).when({ type: 'Increment', amount: 0 }).thenRejects('AmountNotPositive');
 */
export const DeciderSpecification = {
  for: <C, E, S, Ctx, R>(decider: Decider<C, E, S, Ctx, R>, defaultContext?: Ctx): DeciderGiven<C, E, Ctx, R> => ({
    given: (events) => ({
      when: (command, context) => {
        const run = (): E.Either<R, readonly E[]> => {
          const ctx = context ?? defaultContext;
          if (ctx === undefined) throw new Error('DeciderSpecification: no context; pass one to for(decider, context) or when(command, context)');
          return decideOrFail(decider, events, command, ctx);
        };
        return {
          then: (expected) => {
            const result = run();
            if (E.isLeft(result)) throw new Error(`expected events, but the command was rejected: ${JSON.stringify(result.left)}`);
            expect(result.right).toEqual(expected);
            return result.right;
          },
          thenRejects: (code, details) => {
            const result = run();
            if (E.isRight(result)) throw new Error(`expected rejection '${code}', but the command produced ${JSON.stringify(result.right)}`);
            // One comparison of the whole rejection, so a mismatch shows its message and details too.
            expect(result.left, `the rejection was ${JSON.stringify(result.left, (_key, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))}`).toMatchObject({
              ...(details ?? {}),
              code,
            });
            return result.left;
          },
        };
      },
    }),
  }),
};
