import * as t from 'io-ts';
import { DurationUnitCodec as DurationUnit } from '../calendar/duration.js';
import { Id, Instant, WellFormedString, oneOf } from '../values/values.js';

/** Who acted: a person's id, their role, and the unit they act for. */
export const Actor = t.type({ id: Id, role: WellFormedString, unit: Id }, 'Actor');
export type Actor = t.TypeOf<typeof Actor>;

/** A deadline the deciding workflow started with this event, copied from its rule with the legal basis. */
export const StartedDeadline = t.type({ rule: Id, label: WellFormedString, basis: WellFormedString, amount: t.number, unit: DurationUnit, maxExtension: t.number }, 'StartedDeadline');
export type StartedDeadline = t.TypeOf<typeof StartedDeadline>;

/** The four public statuses as a codec (see `PublicStatus`). */
export const PublicStatusCodec = oneOf(['unreviewed', 'pending', 'handled', 'rejected'], 'PublicStatus');

/**
 * Metadata of every case event (decision provenance): when it happened, who did it, which
 * command caused it, which workflow version decided it, which deadline clocks it
 * started or stopped — so a replay recomputes deadlines with no workflow at hand — and,
 * for events decided on the open case model, the stage and public status the case is in
 * after the event, so read models follow any workflow without knowing it. (Events decided
 * by version 1 of the mediation workflow carry no `stage`: their stage follows from the
 * event, see `legacyStageAfter`.)
 */
export const EventMeta = t.intersection(
  [
    t.type({
      occurredAt: Instant,
      actor: Actor,
      commandId: Id,
      workflow: t.type({ id: Id, version: t.number }),
      deadlines: t.type({ started: t.readonlyArray(StartedDeadline), stopped: t.readonlyArray(Id) }),
    }),
    t.partial({ stage: Id, status: PublicStatusCodec }),
  ],
  'EventMeta',
);
export type EventMeta = t.TypeOf<typeof EventMeta>;
