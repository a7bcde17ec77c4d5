import * as E from 'fp-ts/lib/Either.js';
import { type CaseEvent, type CaseState, decide, evolve, fold, initialState, isLifecycleEvent } from '@casefold/core';
import { type BenchmarkSuite, median } from '../harness/benchHarness.js';
import { lifecycleCommands } from '../workload/lifecycleCommands.js';

const EVENTS_PER_CASE = 7;

const buildHistories = (cases: number): CaseEvent[][] => {
  const histories: CaseEvent[][] = [];
  for (let i = 0; i < cases; i++) {
    let state = initialState;
    const events: CaseEvent[] = [];
    for (const { command, context } of lifecycleCommands(i)) {
      const result = decide(command, state, context);
      if (E.isLeft(result)) throw new Error(result.left.message);
      for (const event of result.right) {
        state = evolve(state, event);
        if (isLifecycleEvent(event)) events.push(event);
      }
    }
    histories.push(events);
  }
  return histories;
};

/**
 * The raw baseline: a hand-written switch over the same events into a small plain object,
 * created once per history and mutated in place (the fastest plain-object fold we know).
 */
interface PlainCase {
  stage: string;
  revision: number;
  unit: string | null;
  amount: number;
  lastAt: string | null;
}
const plainFold = (events: readonly CaseEvent[]): PlainCase => {
  const s: PlainCase = { stage: 'new', revision: -1, unit: null, amount: 0, lastAt: null };
  for (const e of events) {
    switch (e.type) {
      case 'Submitted':
        s.stage = 'submitted';
        s.unit = e.data.receivingUnit;
        break;
      case 'Routed':
        s.stage = 'routed';
        s.unit = e.data.to;
        break;
      case 'Mediated':
        s.stage = e.data.outcome;
        s.amount = e.data.outcome === 'agreement' ? e.data.amountFen : 0;
        break;
      default:
        s.stage = e.type;
    }
    s.revision += 1;
    s.lastAt = e.meta.occurredAt;
  }
  return s;
};

const timeIt = (work: () => void): number => {
  const start = performance.now();
  work();
  return (performance.now() - start) / 1000;
};

/**
 * Rounds run first and not counted, so the figures are of a steady state, as in a
 * long-running service: V8 keeps re-optimizing the decider over its first few seconds.
 * With 2 warm-up rounds the decide figure swung between 228 k and 428 k commands/s from
 * run to run on the same idle machine; from 6 on (about 3 s of deciding) it settles.
 */
const WARM_UP_ROUNDS = 6;
const MEASURED_ROUNDS = 7;

/** Rates of `rounds` runs of `work` over `count` items, after the warm-up rounds. */
const rates = (count: number, work: () => void): number[] => {
  const measured: number[] = [];
  for (let round = 0; round < WARM_UP_ROUNDS + MEASURED_ROUNDS; round++) {
    const rate = count / timeIt(work);
    if (round >= WARM_UP_ROUNDS) measured.push(rate);
  }
  return measured;
};

/** Decides and folds each case's commands from the initial state. */
const decideAll = (commands: readonly ReturnType<typeof lifecycleCommands>[]): void => {
  for (const caseCommands of commands) {
    let state = initialState;
    for (const { command, context } of caseCommands) {
      const result = decide(command, state, context);
      if (E.isRight(result)) for (const e of result.right) state = evolve(state, e);
    }
  }
};

/** Fold rates of ours and of the plain baseline, alternating round by round so both see the same machine. */
const foldRates = (): { readonly total: number; readonly ours: number; readonly base: number } => {
  const histories = buildHistories(Math.ceil(1_000_000 / EVENTS_PER_CASE));
  const total = histories.reduce((n, h) => n + h.length, 0);
  let sink: CaseState | PlainCase = initialState;
  const ours: number[] = [];
  const base: number[] = [];
  for (let round = 0; round < WARM_UP_ROUNDS + MEASURED_ROUNDS; round++) {
    const baseRate = total / timeIt(() => histories.forEach((h) => void (sink = plainFold(h))));
    const ourRate = total / timeIt(() => histories.forEach((h) => void (sink = fold(initialState, h))));
    if (round >= WARM_UP_ROUNDS) {
      base.push(baseRate);
      ours.push(ourRate);
    }
  }
  void sink;
  return { total, ours: median(ours), base: median(base) };
};

const core: BenchmarkSuite = {
  name: 'core: fold and decide (in-process, no store)',
  run: async () => {
    // The million folded events are garbage once foldRates returns: deciding then runs in a small heap.
    const fold = foldRates();
    const commandCases = 20_000;
    const commands = Array.from({ length: commandCases }, (_, i) => lifecycleCommands(i));
    const decideRate = median(rates(commandCases * EVENTS_PER_CASE, () => decideAll(commands)));
    return [
      { name: `fold ${fold.total.toLocaleString('en')} events into case states (vs plain-object fold)`, value: fold.ours, unit: 'events/s', baseline: fold.base, ratio: fold.ours / fold.base },
      { name: `decide + evolve, in-process (${WARM_UP_ROUNDS} warm-up rounds, median of ${MEASURED_ROUNDS})`, value: decideRate, unit: 'commands/s' },
    ];
  },
};

export const benchmarks: BenchmarkSuite[] = [core];
