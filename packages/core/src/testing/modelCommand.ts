import type fc from 'fast-check';

/** The model side of a model-based test: any record that knows the stage the case should be in. */
export interface StagedModel {
  stage: string;
}

/** Options of {@link modelCommand}: one command of a model-based test, on both sides. */
export interface ModelCommandOptions<M extends StagedModel, R, S> {
  /** Shown in fast-check's counterexample and in a mismatch's message. */
  readonly name: string;
  /** Whether the model expects the real decider to accept the command in this model state. */
  readonly expected: (m: M) => boolean;
  /** What acceptance does to the model. */
  readonly update: (m: M) => void;
  /** What to send in this model state (who sends which command; the shape `decide` takes). */
  readonly send: (m: M) => S;
  /** Decides `sent` on the real side, updating it on acceptance; true when accepted. */
  readonly decide: (real: R, sent: S) => boolean;
  /** The stage the real side is in now. */
  readonly stageOf: (real: R) => string;
  /** The kind's own comparisons after every command (units, clocks, facts …); throws (e.g. `expect`) on a difference. */
  readonly check?: (m: M, real: R) => void;
}

/** A {@link modelCommand}, with the model's expectation kept (e.g. to run it only where the model allows it). */
export type ModelCommand<M extends StagedModel, R> = fc.Command<M, R> & { readonly expected: (m: M) => boolean };

/**
 * One command of a model-based test (fast-check's `fc.commands`): decides the real command,
 * compares acceptance with the model's expectation, updates the model on acceptance, then
 * compares the stages and runs the kind's own `check`. A difference throws an `Error` naming
 * the command, the model's stage and what differed, which fast-check shrinks and reports.
 *
 * @example
 * const cmd = (name, expected, update, send) =>
 *   modelCommand({ name, expected, update, send, decide: decideStep, stageOf: (r) => r.state.stage, check: (m, r) => expect(r.state.handlingUnit).toBe(m.unit) });
 */
export const modelCommand = <M extends StagedModel, R, S>(options: ModelCommandOptions<M, R, S>): ModelCommand<M, R> => {
  const { name, expected, update, send, decide, stageOf, check } = options;
  return {
    expected,
    check: () => true,
    run(m, real) {
      const stage = m.stage;
      const wanted = expected(m);
      const accepted = decide(real, send(m));
      if (accepted !== wanted) throw new Error(`${name} in ${stage}: the model expected it to be ${wanted ? 'accepted' : 'rejected'}, the decider ${accepted ? 'accepted' : 'rejected'} it.`);
      if (accepted) update(m);
      const actual = stageOf(real);
      if (actual !== m.stage) throw new Error(`${name} in ${stage}: the model is in stage ${m.stage}, the case in ${actual}.`);
      check?.(m, real);
    },
    toString: () => name,
  };
};
