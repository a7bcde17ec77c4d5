import * as t from 'io-ts';
import { DurationUnitCodec as DurationUnit } from '../calendar/duration.js';
import { Id, Instant } from '../values/values.js';

/** Who acted: a person's id, their role, and the unit they act for. */
export const Actor = t.type({ id: Id, role: t.string, unit: Id }, 'Actor');
export type Actor = t.TypeOf<typeof Actor>;

/** A deadline the deciding workflow started with this event, copied from its rule with the legal basis. */
export const StartedDeadline = t.type(
  { rule: Id, label: t.string, basis: t.string, amount: t.number, unit: DurationUnit, maxExtension: t.number },
  'StartedDeadline',
);
export type StartedDeadline = t.TypeOf<typeof StartedDeadline>;

/**
 * Metadata of every case event (decision provenance): when it happened, who did it, which
 * command caused it, which workflow version decided it, and which deadline clocks it
 * started or stopped — so a replay recomputes deadlines with no workflow at hand.
 */
export const EventMeta = t.type(
  {
    occurredAt: Instant,
    actor: Actor,
    commandId: Id,
    workflow: t.type({ id: Id, version: t.number }),
    deadlines: t.type({ started: t.readonlyArray(StartedDeadline), stopped: t.readonlyArray(Id) }),
  },
  'EventMeta',
);
export type EventMeta = t.TypeOf<typeof EventMeta>;
