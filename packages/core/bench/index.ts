import * as E from 'fp-ts/lib/Either.js';
import { type CaseEvent, type CaseState, decide, evolve, fold, initialState } from '@casefold/core';
import { type BenchmarkSuite, median } from '../../../scripts/benchHarness.js';
import { lifecycleCommands } from './lifecycleCommands.js';

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
        events.push(event);
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

const core: BenchmarkSuite = {
  name: 'core: fold and decide (in-process, no store)',
  run: async () => {
    const cases = Math.ceil(1_000_000 / EVENTS_PER_CASE);
    const histories = buildHistories(cases);
    const total = histories.reduce((n, h) => n + h.length, 0);
    let sink: CaseState | PlainCase = initialState;
    const foldRates: number[] = [];
    const baseRates: number[] = [];
    for (let round = 0; round < 5; round++) {
      baseRates.push(total / timeIt(() => histories.forEach((h) => void (sink = plainFold(h)))));
      foldRates.push(
        total /
          timeIt(() =>
            histories.forEach((h) => {
              sink = fold(initialState, h);
            }),
          ),
      );
    }
    void sink;
    const foldRate = median(foldRates);
    const base = median(baseRates);

    const commandCases = 20_000;
    const commands = Array.from({ length: commandCases }, (_, i) => lifecycleCommands(i));
    const decideRates: number[] = [];
    for (let round = 0; round < 5; round++) {
      decideRates.push(
        (commandCases * EVENTS_PER_CASE) /
          timeIt(() => {
            for (const caseCommands of commands) {
              let state = initialState;
              for (const { command, context } of caseCommands) {
                const result = decide(command, state, context);
                if (E.isRight(result)) for (const e of result.right) state = evolve(state, e);
              }
            }
          }),
      );
    }
    return [
      { name: `fold ${total.toLocaleString('en')} events into case states (vs plain-object fold)`, value: foldRate, unit: 'events/s', baseline: base, ratio: foldRate / base },
      { name: 'decide + evolve, in-process', value: median(decideRates), unit: 'commands/s' },
    ];
  },
};

export const benchmarks: BenchmarkSuite[] = [core];
