import type { Projection } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DeciderSpecification, ProjectionSpecification, counterDecider, envelopesOf, envelopesOfStreams, type CounterContext, type CounterEvent } from '@casefold/testing';

const context: CounterContext = { now: '2026-03-02T08:00:00.000Z', commandId: 'cmd-1' };
const incremented = (amount: number, commandId = 'cmd-1'): CounterEvent => ({ type: 'Incremented', data: { amount }, meta: { occurredAt: context.now, commandId } });

describe('DeciderSpecification', () => {
  const spec = DeciderSpecification.for(counterDecider, context);

  it('passes when the command produces exactly the expected events, and fails otherwise', () => {
    expect(
      spec
        .given([incremented(1)])
        .when({ type: 'Increment', amount: 2 })
        .then([incremented(2)]),
    ).toEqual([incremented(2)]);
    expect(() =>
      spec
        .given([])
        .when({ type: 'Increment', amount: 2 })
        .then([incremented(3)]),
    ).toThrow();
    expect(() => spec.given([]).when({ type: 'Increment', amount: 0 }).then([])).toThrow(/rejected/);
  });

  it('passes on the expected rejection code (and details), and fails on another code or on success', () => {
    expect(spec.given([]).when({ type: 'Increment', amount: -1 }).thenRejects('AmountNotPositive').code).toBe('AmountNotPositive');
    spec.given([]).when({ type: 'Increment', amount: -1 }).thenRejects('AmountNotPositive', { message: 'amount must be a positive integer, got -1' });
    // Another code (a typo does not compile: the code is the rejection type's): the failure shows the whole rejection.
    expect(() =>
      spec
        .given([])
        .when({ type: 'Increment', amount: -1 })
        .thenRejects('Other' as never),
    ).toThrow(/amount must be a positive integer, got -1/);
    expect(() => spec.given([]).when({ type: 'Increment', amount: -1 }).thenRejects('AmountNotPositive', { message: 'something else' })).toThrow(/something else/);
    expect(() => spec.given([]).when({ type: 'Increment', amount: 1 }).thenRejects('AmountNotPositive')).toThrow(/produced/);
  });

  it('folds the given events with evolve before deciding, and takes a per-command context', () => {
    const seen: number[] = [];
    const watching = {
      ...counterDecider,
      decide: (command: { type: 'Increment'; amount: number }, state: { total: number; increments: number }, ctx: CounterContext) => {
        seen.push(state.total);
        return counterDecider.decide(command, state, ctx);
      },
    };
    DeciderSpecification.for(watching)
      .given([incremented(2), incremented(3)])
      .when({ type: 'Increment', amount: 1 }, { ...context, commandId: 'cmd-9' })
      .then([incremented(1, 'cmd-9')]);
    expect(seen).toEqual([5]);
  });

  it('reports a decider that throws (not total) and a missing context', () => {
    const throwing = {
      ...counterDecider,
      decide: () => {
        throw new Error('boom');
      },
    };
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
    // #region given
    ProjectionSpecification.for(perStream)
      .given([incremented(2), incremented(3)])
      .then({ byStream: { 'stream-1': 5 }, lastPosition: '2' });
    // #endregion given
    expect(() =>
      ProjectionSpecification.for(perStream)
        .given([incremented(2)])
        .then({ byStream: {}, lastPosition: '0' }),
    ).toThrow();
  });

  it('folds events of several streams in the order given, with revisions per stream and recorded-at from occurredAt', () => {
    const late = { ...incremented(4), meta: { occurredAt: '2026-03-05T00:00:00.000Z', commandId: 'cmd-4' } };
    const envelopes = envelopesOfStreams([
      ['a', incremented(1)],
      ['b', incremented(2)],
      ['a', late],
    ]);
    expect(envelopes.map((e) => [e.streamId, e.revision, e.position, e.recordedAt])).toEqual([
      ['a', 0n, 1n, context.now],
      ['b', 0n, 2n, context.now],
      ['a', 1n, 3n, '2026-03-05T00:00:00.000Z'],
    ]);
    // #region givenStreams
    ProjectionSpecification.for(perStream)
      .givenStreams([
        ['a', incremented(1)],
        ['b', incremented(2)],
        ['a', late],
      ])
      .then({ byStream: { a: 5, b: 2 }, lastPosition: '3' });
    // #endregion givenStreams
  });

  it('compares strictly, and fails a state the runner could not store as JSON, naming the path', () => {
    const optional: Projection<{ readonly note?: string | undefined }, CounterEvent> = {
      name: 'optional',
      version: 1,
      initialState: {},
      apply: (draft) => {
        draft.note = undefined;
      },
    };
    expect(() =>
      ProjectionSpecification.for(optional)
        .given([incremented(1)])
        .then({}),
    ).toThrow();
    const dated: Projection<{ readonly at: Date | null }, CounterEvent> = {
      name: 'dated',
      version: 1,
      initialState: { at: null },
      apply: (draft) => {
        draft.at = new Date(0);
      },
    };
    expect(() =>
      ProjectionSpecification.for(dated)
        .given([incremented(1)])
        .state(),
    ).toThrow(/'dated' folds to a state holding a Date at state\.at.*ProjectionStateError/);
  });

  it('takes envelopes as given, and leaves the initial state untouched', () => {
    const envelopes = [...envelopesOf([incremented(1)], 'a'), ...envelopesOf([incremented(4)], 'b')].map((e, i) => ({ ...e, position: BigInt(10 + i) }));
    expect(ProjectionSpecification.for(perStream).givenEnvelopes(envelopes).state()).toEqual({ byStream: { a: 1, b: 4 }, lastPosition: '11' });
    expect(perStream.initialState).toEqual({ byStream: {}, lastPosition: '0' });
  });
});
