import type { Either } from 'fp-ts/lib/Either.js';

/**
 * A decider (Jérémie Chassaing's pattern): pure and total functions over commands `C`,
 * events `E` and state `S`. `decide` refuses with a rejection `R` or returns the events a
 * command produces; `evolve` folds one event into the state. `context` carries what the
 * decision needs from outside (clock, actor, rules): the decider itself does no I/O.
 */
export interface Decider<C, E, S, Ctx = void, R = unknown> {
  readonly decide: (command: C, state: S, context: Ctx) => Either<R, readonly E[]>;
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: S;
}
