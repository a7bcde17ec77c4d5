import { counterCodec, counterDecider, newEvent, type CounterContext, type CounterEvent, type CounterRejection, type CounterState, type IncrementCounter } from '@casefold/engine/testing';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError, getInMemoryEventStore, handleCommand, streamStateCache, type Decider, type EventStore, type HandleCommandOptions, type HandleCommandResult } from '../../src/index.js';

type Options<R = CounterRejection> = HandleCommandOptions<IncrementCounter, CounterEvent, CounterState, CounterContext, R>;

const options = <R = CounterRejection>(store: EventStore, extra: Partial<Options<R>> = {}): Options<R> => {
  let id = 0;
  return {
    store,
    decider: counterDecider as Decider<IncrementCounter, CounterEvent, CounterState, CounterContext, R>,
    codec: counterCodec,
    newEventId: () => `event-${++id}`,
    clock: () => '2026-03-02T08:00:05.000Z',
    ...extra,
  };
};

const send = <R>(opts: Options<R>, streamId: string, amount: number, commandId: string, extra: { correlationId?: string; causationId?: string | null } = {}) =>
  handleCommand(opts, { streamId, commandId, command: { type: 'Increment', amount }, context: { now: '2026-03-02T08:00:00.000Z', commandId }, ...extra });

const right = <A>(result: E.Either<unknown, A>): A => {
  if (E.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return result.right;
};

describe('handleCommand', () => {
  it('appends the decided events with engine metadata, to a new stream with expected revision no_stream', async () => {
    const store = getInMemoryEventStore();
    const result = right(await send(options(store), 'counter-1', 3, 'cmd-1', { correlationId: 'conversation-9' }));
    expect(result).toMatchObject({ streamId: 'counter-1', state: { total: 3, increments: 1 }, nextExpectedRevision: 0n, lastPosition: 1n, replayed: false, attempts: 1 });
    const [recorded] = result.recorded;
    expect(recorded).toMatchObject({ eventId: 'event-1', type: 'Incremented', data: { amount: 3 }, revision: 0n });
    expect(recorded!.metadata).toEqual({
      occurredAt: '2026-03-02T08:00:00.000Z',
      recordedAt: '2026-03-02T08:00:05.000Z',
      commandId: 'cmd-1',
      correlationId: 'conversation-9',
      causationId: 'cmd-1',
      schemaVersion: 1,
    });
  });

  it('returns the rejection as a Left and appends nothing', async () => {
    const store = getInMemoryEventStore();
    const result = await send(options(store), 'counter-1', 0, 'cmd-1');
    expect(result).toEqual(E.left({ kind: 'rejected', rejection: { code: 'AmountNotPositive', message: 'amount must be a positive integer, got 0' } }));
    const events = [];
    for await (const event of store.readAll()) events.push(event);
    expect(events).toEqual([]);
  });

  it('appends nothing when the decider decides nothing', async () => {
    const store = getInMemoryEventStore();
    const idle: Decider<IncrementCounter, CounterEvent, CounterState, CounterContext, CounterRejection> = { ...counterDecider, decide: () => E.right([]) };
    const result = right(await send({ ...options(store), decider: idle }, 'counter-1', 1, 'cmd-1'));
    expect(result).toMatchObject({ events: [], recorded: [], nextExpectedRevision: null, lastPosition: null });
  });

  it('is idempotent by command id: the retry appends nothing and returns the first outcome, with or without a cache', async () => {
    for (const cache of [undefined, streamStateCache<CounterState>({ maxStreams: 10 })]) {
      const store = getInMemoryEventStore();
      const opts = options(store, cache === undefined ? {} : { cache });
      const first = right(await send(opts, 'c', 2, 'cmd-1'));
      right(await send(opts, 'c', 5, 'cmd-2'));
      const again = right(await send(opts, 'c', 2, 'cmd-1'));
      expect(again.replayed).toBe(true);
      expect(again.recorded).toEqual(first.recorded);
      expect(again.events).toEqual(first.events);
      expect(again.state).toEqual({ total: 7, increments: 2 });
      expect(again.nextExpectedRevision).toBe(1n);
    }
  });

  it('gives a typed undecodable_event failure naming stream, revision and field path', async () => {
    const store = getInMemoryEventStore();
    await store.appendToStream('c', [newEvent({ amount: 1 }), newEvent({ amount: 'lots' })]);
    const result = await send(options(store), 'c', 1, 'cmd-1');
    if (E.isRight(result) || result.left.kind !== 'undecodable_event') throw new Error('expected undecodable_event');
    expect(result.left.error).toMatchObject({ name: 'EventDecodeError', streamId: 'c', revision: 1n, path: 'data.amount' });
    expect(result.left.error.message).toMatch(/stream 'c' revision 1, field 'data.amount'/);
  });

  it('retries a concurrency conflict and gives up after maxAttempts with a typed conflict failure', async () => {
    const store = getInMemoryEventStore();
    // A rival writer appends between every load and append of this command.
    let rivals = 0;
    const racing: Options['decider'] = {
      ...counterDecider,
      decide: (command, state, context) => {
        void store.appendToStream('c', [newEvent({ amount: 1 })]);
        rivals += 1;
        return counterDecider.decide(command, state, context);
      },
    };
    const result = await send({ ...options(store), decider: racing, retry: { maxAttempts: 3, baseDelayMs: 0 } }, 'c', 1, 'cmd-1');
    if (E.isRight(result) || result.left.kind !== 'conflict') throw new Error('expected a conflict');
    expect(result.left.attempts).toBe(3);
    expect(rivals).toBe(3);
    expect(result.left.error).toMatchObject({ streamId: 'c' });
  });

  it('decides again with refreshContext after a conflict, from a loaded or a stale cached state, and with the envelope’s context otherwise', async () => {
    for (const cache of [undefined, streamStateCache<CounterState>({ maxStreams: 10 })]) {
      const store = getInMemoryEventStore();
      const opts = options(store, { retry: { baseDelayMs: 0 }, ...(cache === undefined ? {} : { cache }) });
      right(await send(opts, 'c', 1, 'cmd-1'));
      const seen: string[] = [];
      let rivals = 1;
      const racing: Options['decider'] = {
        ...counterDecider,
        decide: (command, state, context) => {
          seen.push(context.now);
          if (rivals-- > 0) void store.appendToStream('c', [newEvent({ amount: 1 })]);
          return counterDecider.decide(command, state, context);
        },
      };
      const refreshed = (previous: CounterContext): CounterContext => ({ ...previous, now: `${previous.now}+` });
      const result = right(
        await handleCommand(
          { ...opts, decider: racing },
          { streamId: 'c', commandId: 'cmd-2', command: { type: 'Increment', amount: 2 }, context: { now: 't', commandId: 'cmd-2' }, refreshContext: refreshed },
        ),
      );
      expect(seen).toEqual(['t', 't+']);
      expect(result.recorded.map((event) => event.metadata.occurredAt)).toEqual(['t+']);
      expect(result.state.total).toBe(4);
    }
  });

  it('retries an unavailable store (idempotency makes it safe) and reports it when it stays down', async () => {
    const base = getInMemoryEventStore();
    let failures = 2;
    const flaky: EventStore = {
      ...base,
      appendToStream: (...args) => (failures-- > 0 ? Promise.reject(new StoreUnavailableError('append', { cause: new Error('connection reset') })) : base.appendToStream(...args)),
    };
    expect(right(await send(options(flaky, { retry: { baseDelayMs: 0 } }), 'c', 1, 'cmd-1')).attempts).toBe(3);
    failures = 10;
    const down = await send(options(flaky, { retry: { maxAttempts: 2, baseDelayMs: 0 } }), 'c', 1, 'cmd-2');
    expect(E.isLeft(down) && down.left.kind).toBe('unavailable');
  });

  it('reports a closed store as store_closed and rethrows errors that are not the store’s', async () => {
    const store = getInMemoryEventStore();
    await store.close();
    const closed = await send(options(store), 'c', 1, 'cmd-1');
    expect(E.isLeft(closed) && closed.left.kind).toBe('store_closed');
    const broken: Options['decider'] = {
      ...counterDecider,
      decide: () => {
        throw new Error('bug in decide');
      },
    };
    await expect(send({ ...options(getInMemoryEventStore()), decider: broken }, 'c', 1, 'cmd-1')).rejects.toThrow('bug in decide');
  });

  type CapRejection = CounterRejection | { readonly code: 'OverCap'; readonly message: string };
  /** Decisions that depend on the state, so a stale cached state would decide differently: over a total of 12 it refuses, and 1 on an odd total decides nothing. */
  const capped: Decider<IncrementCounter, CounterEvent, CounterState, CounterContext, CapRejection> = {
    ...counterDecider,
    decide: (command, state, context) => {
      if (state.total + command.amount > 12) return E.left({ code: 'OverCap', message: `the total ${state.total} may not pass 12` });
      return command.amount === 1 && state.total % 2 === 1 ? E.right([]) : counterDecider.decide(command, state, context);
    },
  };

  it.each([
    ['a decider that ignores the state', counterDecider as Decider<IncrementCounter, CounterEvent, CounterState, CounterContext, CapRejection>],
    ['a decider whose rejections and empty decisions depend on the state', capped],
  ])('for all interleavings of commands, retries and rival writers, a cache changes no outcome (%s)', async (_, decider) => {
    const step = fc.record({
      stream: fc.constantFrom('p', 'q'),
      amount: fc.integer({ min: -1, max: 5 }),
      retryOf: fc.option(fc.nat(20), { nil: undefined }),
      rival: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 15 }), fc.integer({ min: 1, max: 3 }), async (steps, maxStreams) => {
        const plainStore = getInMemoryEventStore();
        const cachedStore = getInMemoryEventStore();
        const plain = options<CapRejection>(plainStore, { decider });
        const cached = options<CapRejection>(cachedStore, { decider, cache: streamStateCache<CounterState>({ maxStreams }) });
        const outcome = (r: HandleCommandResult<CounterEvent, CounterState, CapRejection>) =>
          E.isLeft(r)
            ? r.left.kind === 'rejected'
              ? r.left.rejection
              : r.left.kind
            : { state: r.right.state, replayed: r.right.replayed, revision: r.right.nextExpectedRevision, events: r.right.events };
        for (const [i, { stream, amount, retryOf, rival }] of steps.entries()) {
          if (rival) {
            const event = newEvent({ amount: 1 });
            await plainStore.appendToStream(stream, [event]);
            await cachedStore.appendToStream(stream, [event]);
          }
          const commandId = retryOf !== undefined && retryOf < i ? `cmd-${retryOf}` : `cmd-${i}`;
          expect(outcome(await send(cached, stream, amount, commandId))).toEqual(outcome(await send(plain, stream, amount, commandId)));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
