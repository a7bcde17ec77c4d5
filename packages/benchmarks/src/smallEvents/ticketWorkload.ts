import * as E from 'fp-ts/lib/Either.js';
import { EventDecodeError } from '@casefold/engine';
import type { Decider, EventCodec, EventMetadata, NewEvent, RecordedEvent } from '@casefold/engine';

/**
 * The small-event workload (issue 17): a hotline ticket of six events with a few fields
 * each, the shape other event stores benchmark (a shopping cart's items added and removed).
 * Data is 20–60 bytes of JSON, metadata the engine's own keys and `occurredAt` (about 190
 * bytes): the per-event costs of a store (metadata, positions, decoding, row mapping) show
 * here more than on the case engine's large events.
 */
export type TicketEvent =
  | { readonly type: 'TicketOpened'; readonly data: { readonly ticketId: string; readonly channel: string; readonly category: string }; readonly occurredAt: string }
  | { readonly type: 'TicketAssigned'; readonly data: { readonly unit: string }; readonly occurredAt: string }
  | { readonly type: 'ProgressNoted'; readonly data: { readonly minutes: number }; readonly occurredAt: string }
  | { readonly type: 'TicketResolved'; readonly data: { readonly satisfied: boolean }; readonly occurredAt: string }
  | { readonly type: 'TicketClosed'; readonly data: { readonly closedBy: string }; readonly occurredAt: string };

export type TicketStatus = 'none' | 'open' | 'assigned' | 'resolved' | 'closed';

/** A ticket's state: what both the store's replay and the raw readers fold. */
export interface TicketState {
  readonly status: TicketStatus;
  readonly unit: string | null;
  readonly minutes: number;
  readonly satisfied: boolean | null;
  /** `occurredAt` of the last event (read from the metadata). */
  readonly lastAt: string | null;
}

export const initialTicket: TicketState = { status: 'none', unit: null, minutes: 0, satisfied: null, lastAt: null };

/**
 * Folds one event given as its parts (type, parsed data, occurred-at): the same function for
 * the store's decoded events and the raw readers' parsed rows, so both fold the same states.
 */
export const evolveTicketParts = (state: TicketState, type: string, data: { readonly [key: string]: unknown }, occurredAt: string): TicketState => {
  switch (type) {
    case 'TicketOpened':
      return { status: 'open', unit: null, minutes: 0, satisfied: null, lastAt: occurredAt };
    case 'TicketAssigned':
      return { status: 'assigned', unit: data['unit'] as string, minutes: state.minutes, satisfied: null, lastAt: occurredAt };
    case 'ProgressNoted':
      return { status: state.status, unit: state.unit, minutes: state.minutes + (data['minutes'] as number), satisfied: null, lastAt: occurredAt };
    case 'TicketResolved':
      return { status: 'resolved', unit: state.unit, minutes: state.minutes, satisfied: data['satisfied'] as boolean, lastAt: occurredAt };
    default:
      return { status: 'closed', unit: state.unit, minutes: state.minutes, satisfied: state.satisfied, lastAt: occurredAt };
  }
};

export const evolveTicket = (state: TicketState, event: TicketEvent): TicketState => evolveTicketParts(state, event.type, event.data, event.occurredAt);

/** The commands of a ticket's life, one event each. */
export type TicketCommand =
  | { readonly type: 'open'; readonly ticketId: string; readonly channel: string; readonly category: string }
  | { readonly type: 'assign'; readonly unit: string }
  | { readonly type: 'note'; readonly minutes: number }
  | { readonly type: 'resolve'; readonly satisfied: boolean }
  | { readonly type: 'close'; readonly by: string };

/** The decision context: the instant the command is decided at. */
export interface TicketContext {
  readonly now: string;
}

const refuse = (reason: string): E.Either<string, readonly TicketEvent[]> => E.left(reason);
const one = (event: TicketEvent): E.Either<string, readonly TicketEvent[]> => E.right([event]);

/** Decides a ticket command on a state; a rejection is a plain reason. */
export const decideTicket = (command: TicketCommand, state: TicketState, { now }: TicketContext): E.Either<string, readonly TicketEvent[]> => {
  switch (command.type) {
    case 'open':
      return state.status === 'none'
        ? one({ type: 'TicketOpened', data: { ticketId: command.ticketId, channel: command.channel, category: command.category }, occurredAt: now })
        : refuse('already open');
    case 'assign':
      return state.status === 'open' ? one({ type: 'TicketAssigned', data: { unit: command.unit }, occurredAt: now }) : refuse('not open');
    case 'note':
      return state.status === 'assigned' ? one({ type: 'ProgressNoted', data: { minutes: command.minutes }, occurredAt: now }) : refuse('not assigned');
    case 'resolve':
      return state.status === 'assigned' ? one({ type: 'TicketResolved', data: { satisfied: command.satisfied }, occurredAt: now }) : refuse('not assigned');
    case 'close':
      return state.status === 'resolved' ? one({ type: 'TicketClosed', data: { closedBy: command.by }, occurredAt: now }) : refuse('not resolved');
  }
};

export const ticketDecider: Decider<TicketCommand, TicketEvent, TicketState, TicketContext, string> = {
  decide: decideTicket,
  evolve: evolveTicket,
  initialState: initialTicket,
};

/** The six commands of ticket `n`, in order. */
export const ticketCommands = (n: number): TicketCommand[] => [
  { type: 'open', ticketId: `T-${n}`, channel: 'hotline', category: 'noise' },
  { type: 'assign', unit: `community-${n % 400}` },
  { type: 'note', minutes: 15 },
  { type: 'note', minutes: 30 },
  { type: 'resolve', satisfied: n % 5 !== 0 },
  { type: 'close', by: 'agent-3' },
];

/** Instant of step `k` of ticket `n` (deterministic). */
export const ticketInstant = (n: number, k: number): string => new Date(Date.UTC(2026, 2, 2) + n * 60_000 + k * 1_000).toISOString();

/** The six events of ticket `n` as the command handler records them (engine metadata included), for filling a store directly. */
export const ticketEvents = (n: number): NewEvent[] => {
  let state = initialTicket;
  return ticketCommands(n).map((command, k) => {
    const decided = decideTicket(command, state, { now: ticketInstant(n, k) });
    if (E.isLeft(decided)) throw new Error(`ticket ${n}, step ${k}: ${decided.left}`);
    const event = decided.right[0]!;
    state = evolveTicket(state, event);
    const commandId = `cmd-${n}-${k}`;
    const metadata: EventMetadata = { recordedAt: event.occurredAt, commandId, correlationId: commandId, causationId: commandId, schemaVersion: 1, occurredAt: event.occurredAt };
    return { eventId: `evt-${n}-${k}`, type: event.type, data: event.data, metadata };
  });
};

const FIELDS: Readonly<Record<TicketEvent['type'], Readonly<Record<string, 'string' | 'number' | 'boolean'>>>> = {
  TicketOpened: { ticketId: 'string', channel: 'string', category: 'string' },
  TicketAssigned: { unit: 'string' },
  ProgressNoted: { minutes: 'number' },
  TicketResolved: { satisfied: 'boolean' },
  TicketClosed: { closedBy: 'string' },
};

const failure = (recorded: RecordedEvent, path: string, reason: string): E.Either<EventDecodeError, never> =>
  E.left(new EventDecodeError({ streamId: recorded.streamId, revision: recorded.revision, eventType: recorded.type, path, reason }));

/** A hand-written codec, as a user of small events writes one: checks the type and each field's kind, and `occurredAt`. */
export const ticketCodec: EventCodec<TicketEvent> = {
  encode: (event) => ({ type: event.type, schemaVersion: 1, data: event.data, metadata: { occurredAt: event.occurredAt } }),
  decode: (recorded) => {
    const fields = Object.hasOwn(FIELDS, recorded.type) ? FIELDS[recorded.type as TicketEvent['type']] : undefined;
    if (fields === undefined) return failure(recorded, 'type', 'not a ticket event');
    const { data } = recorded;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return failure(recorded, 'data', 'not an object');
    for (const key in fields) if (typeof (data as Record<string, unknown>)[key] !== fields[key]) return failure(recorded, `data.${key}`, `not a ${fields[key]}`);
    const { occurredAt } = recorded.metadata;
    if (typeof occurredAt !== 'string') return failure(recorded, 'metadata.occurredAt', 'not a string');
    return E.right({ type: recorded.type, data, occurredAt } as TicketEvent);
  },
};
