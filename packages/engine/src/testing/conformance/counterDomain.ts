import { EventDecodeError, type Decider, type EventCodec, type NewEvent, type RecordedEvent } from '../../index.js';
import * as E from 'fp-ts/lib/Either.js';
import { randomUUID } from 'node:crypto';

/**
 * A tiny domain the conformance suite drives through the engine: a counter that only
 * goes up. Small on purpose, so a failing case points at the store, not at the domain.
 */

/** The counter's only event: the counter went up by `amount` (a positive integer). */
export interface CounterEvent {
  readonly type: 'Incremented';
  readonly data: { readonly amount: number };
  readonly meta: { readonly occurredAt: string; readonly commandId: string };
}

/** Increment by `amount`, once per command; `amount` must be a positive integer. */
export interface IncrementCounter {
  readonly type: 'Increment';
  readonly amount: number;
}

/** What a counter command needs from outside. */
export interface CounterContext {
  readonly now: string;
  readonly commandId: string;
}

/** The counter's rejection. */
export interface CounterRejection {
  readonly code: 'AmountNotPositive';
  readonly message: string;
}

/** The counter's state: its total and how many increments made it. */
export interface CounterState {
  readonly total: number;
  readonly increments: number;
}

/** The counter decider. */
export const counterDecider: Decider<IncrementCounter, CounterEvent, CounterState, CounterContext, CounterRejection> = {
  initialState: { total: 0, increments: 0 },
  decide: (command, _state, context) =>
    Number.isInteger(command.amount) && command.amount > 0
      ? E.right([{ type: 'Incremented', data: { amount: command.amount }, meta: { occurredAt: context.now, commandId: context.commandId } }])
      : E.left({ code: 'AmountNotPositive', message: `amount must be a positive integer, got ${command.amount}` }),
  evolve: (state, event) => ({ total: state.total + event.data.amount, increments: state.increments + 1 }),
};

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null && !Array.isArray(value);

const decodeFailure = (recorded: RecordedEvent, path: string, reason: string): E.Either<EventDecodeError, never> =>
  E.left(new EventDecodeError({ streamId: recorded.streamId, revision: recorded.revision, eventType: recorded.type, path, reason }));

/** The counter's event codec, strict: exactly `{ amount }` with a positive integer, and string `occurredAt`/`commandId`. */
export const counterCodec: EventCodec<CounterEvent> = {
  encode: (event) => ({ type: event.type, schemaVersion: 1, data: { amount: event.data.amount }, metadata: { ...event.meta } }),
  decode: (recorded) => {
    if (recorded.type !== 'Incremented') return decodeFailure(recorded, 'type', "expected 'Incremented'");
    const { data, metadata } = recorded;
    if (!isRecord(data) || Object.keys(data).length !== 1) return decodeFailure(recorded, 'data', 'expected an object with exactly the key amount');
    const { amount } = data;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1) return decodeFailure(recorded, 'data.amount', 'expected a positive integer');
    const { occurredAt, commandId } = metadata;
    if (typeof occurredAt !== 'string') return decodeFailure(recorded, 'metadata.occurredAt', 'expected a string');
    return E.right({ type: 'Incremented', data: { amount }, meta: { occurredAt, commandId } });
  },
};

/** A fresh id with a readable prefix, unique across runs sharing one store. */
export const uniqueId = (prefix: string): string => `${prefix}-${randomUUID()}`;

/** A well-formed {@link NewEvent} with fresh ids; `data` defaults to a counter increment. */
export const newEvent = (data: NewEvent['data'] = { amount: 1 }, type = 'Incremented'): NewEvent => {
  const commandId = randomUUID();
  return {
    eventId: randomUUID(),
    type,
    data,
    metadata: {
      occurredAt: '2026-03-02T01:02:03.000Z',
      recordedAt: '2026-03-02T01:02:04.000Z',
      commandId,
      correlationId: commandId,
      causationId: null,
      schemaVersion: 1,
    },
  };
};

/** `count` fresh events. */
export const newEvents = (count: number): NewEvent[] => Array.from({ length: count }, (_, i) => newEvent({ amount: i + 1 }));
