import type { Projection } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DeciderSpecification, ProjectionSpecification, counterDecider, envelopesOf, type CounterContext, type CounterEvent } from '../src/index.js';

const context: CounterContext = { now: '2026-03-02T08:00:00.000Z', commandId: 'cmd-1' };
const incremented = (amount: number, commandId = 'cmd-1'): CounterEvent => ({ type: 'Incremented', data: { amount }, meta: { occurredAt: context.now, commandId } });

describe('DeciderSpecification', () => {
  const spec = DeciderSpecification.for(counterDecider, context);

  it('passes when the command produces exactly the expected events, and fails otherwise', () => {
    expect(spec.given([incremented(1)]).when({ type: 'Increment', amount: 2 }).then([incremented(2)])).toEqual([incremented(2)]);
    expect(() => spec.given([]).when({ type: 'Increment', amount: 2 }).then([incremented(3)])).toThrow();
    expect(() => spec.given([]).when({ type: 'Increment', amount: 0 }).then([])).toThrow(/rejected/);
  });

  it('passes on the expected rejection code (and details), and fails on another code or on success', () => {
    expect(spec.given([]).when({ type: 'Increment', amount: -1 }).thenRejects('AmountNotPositive').code).toBe('AmountNotPositive');
    spec.given([]).when({ type: 'Increment', amount: -1 }).thenRejects('AmountNotPositive', { message: 'amount must be a positive integer, got -1' });
    expect(() => spec.given([]).when({ type: 'Increment', amount: -1 }).thenRejects('Other')).toThrow();
    expect(() => spec.given([]).when({ type: 'Increment', amount: 1 }).thenRejects('AmountNotPositive')).toThrow(/produced/);
  });

  it('folds the given events with evolve before deciding, and takes a per-command context', () => {
    const seen: number[] = [];
    const watching = { ...counterDecider, decide: (command: { type: 'Increment'; amount: number }, state: { total: number; increments: number }, ctx: CounterContext) => {
      seen.push(state.total);
      return counterDecider.decide(command, state, ctx);
    } };
    DeciderSpecification.for(watching).given([incremented(2), incremented(3)]).when({ type: 'Increment', amount: 1 }, { ...context, commandId: 'cmd-9' }).then([incremented(1, 'cmd-9')]);
    expect(seen).toEqual([5]);
  });

  it('reports a decider that throws (not total) and a missing context', () => {
    const throwing = { ...counterDecider, decide: () => { throw new Error('boom'); } };
    expect(() => DeciderSpecification.for(throwing, context).given([]).when({ type: 'Increment', amount: 1 }).then([])).toThrow(/must be total.*boom/);
    expect(() => DeciderSpecification.for(counterDecider).given([]).when({ type: 'Increment', amount: 1 }).then([])).toThrow(/no context/);
    expect(E.isRight(counterDecider.decide({ type: 'Increment', amount: 1 }, counterDecider.initialState, context))).toBe(true);
  });
});

describe('ProjectionSpecification', () => {
  const perStream: Projection<{ readonly byStream: Record<string, number>; readonly lastPosition: string }, CounterEvent> = {
    name: 'per-stream',
    version: 1,
    initialState: { byStream: {}, lastPosition: '0' },
    apply: (draft, { streamId, position, event }) => {
      draft.byStream[streamId] = (draft.byStream[streamId] ?? 0) + event.data.amount;
      draft.lastPosition = position.toString();
    },
  };

  it('folds plain events as one stream with positions 1…, and compares the state', () => {
    ProjectionSpecification.for(perStream).given([incremented(2), incremented(3)]).then({ byStream: { 'stream-1': 5 }, lastPosition: '2' });
    expect(() => ProjectionSpecification.for(perStream).given([incremented(2)]).then({ byStream: {}, lastPosition: '0' })).toThrow();
  });

  it('takes envelopes as given, and leaves the initial state untouched', () => {
    const envelopes = [...envelopesOf([incremented(1)], 'a'), ...envelopesOf([incremented(4)], 'b')].map((e, i) => ({ ...e, position: BigInt(10 + i) }));
    expect(ProjectionSpecification.for(perStream).givenEnvelopes(envelopes).state()).toEqual({ byStream: { a: 1, b: 4 }, lastPosition: '11' });
    expect(perStream.initialState).toEqual({ byStream: {}, lastPosition: '0' });
  });
});
