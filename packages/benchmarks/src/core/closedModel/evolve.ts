// FROZEN BASELINE COPY of packages/core/src/decider/evolve.ts at 19d41f0 (imports changed only): see ./index.ts.
import type { CaseEvent, EventMeta, StartedDeadline } from '@casefold/core';
import type { CaseState, Clock, PausedSpan } from './caseState.js';
import { internedDeadline } from './internedDeadline.js';

/**
 * A clock with some fields changed. Written as a literal on purpose: on Node 20,
 * `{ ...object, key: value }` takes a V8 slow path that costs microseconds per call.
 */
const clockWith = (clock: Clock, change: Partial<Clock>): Clock => ({
  rule: change.rule ?? clock.rule,
  startedAt: change.startedAt ?? clock.startedAt,
  pauses: change.pauses ?? clock.pauses,
  pausedSince: change.pausedSince === undefined ? clock.pausedSince : change.pausedSince,
  extendedBy: change.extendedBy ?? clock.extendedBy,
  stoppedAt: change.stoppedAt === undefined ? clock.stoppedAt : change.stoppedAt,
});

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

// Which nested containers of the state a running fold has copied already, and so may change
// in place: a bit each. `evolve` owns none; `fold` copies each container at most once.
const CLOCKS = 1;
const ROUTING = 2;
const CALLBACKS = 4;

/** The state's clocks, to change: copied first unless `owned` says this fold already copied them. */
const clocksToChange = (s: Mutable<CaseState>, owned: number): Record<string, Clock> => {
  if ((owned & CLOCKS) === 0) s.clocks = { ...s.clocks };
  return s.clocks as Record<string, Clock>;
};

/** `list` with `item` appended: in place when the fold owns the list, else in a new array. */
const appended = <T>(list: readonly T[], item: T, owned: boolean): readonly T[] => {
  if (!owned) return list.length === 0 ? [item] : [...list, item];
  (list as T[]).push(item);
  return list;
};

/** A running clock stopped at `at` (a pause still open ends there). */
const stoppedClock = (clock: Clock, at: string): Clock => ({
  rule: clock.rule,
  startedAt: clock.startedAt,
  pauses: clock.pausedSince === null ? clock.pauses : [...clock.pauses, { from: clock.pausedSince, to: at }],
  pausedSince: null,
  extendedBy: clock.extendedBy,
  stoppedAt: at,
});

/** A new clock's pauses: one frozen empty list shared by every clock (a pause replaces it with a new list). */
const NO_PAUSES: readonly PausedSpan[] = Object.freeze([]);

const updateClock = (s: Mutable<CaseState>, owned: number, rule: string, change: (clock: Clock) => Clock): number => {
  const clock = s.clocks[rule];
  if (!clock) return owned;
  clocksToChange(s, owned)[rule] = change(clock);
  return owned | CLOCKS;
};

const applyDeadlineEffects = (s: Mutable<CaseState>, meta: EventMeta, owned: number): number => {
  const { started, stopped } = meta.deadlines;
  if (started.length === 0 && stopped.length === 0) return owned;
  const next = clocksToChange(s, owned);
  const at = meta.occurredAt;
  for (let i = 0; i < stopped.length; i++) {
    const rule = stopped[i] as string;
    const clock = next[rule];
    if (clock && clock.stoppedAt === null) next[rule] = stoppedClock(clock, at);
  }
  for (let i = 0; i < started.length; i++) {
    const rule = started[i] as StartedDeadline;
    next[rule.rule] = { rule: internedDeadline(rule), startedAt: at, pauses: NO_PAUSES, pausedSince: null, extendedBy: 0, stoppedAt: null };
  }
  return owned | CLOCKS;
};

/**
 * Applies one event to a state the caller owns, in place, and returns which nested
 * containers it now owns (`owned` plus those it copied). The top-level object is mutated;
 * a nested record or array is copied before its first change (copy on write), so states
 * shared with earlier snapshots never change. `evolve` and `fold` both build on this one function.
 */
const applyEvent = (s: Mutable<CaseState>, event: CaseEvent, ownedBefore: number): number => {
  const at = event.meta.occurredAt;
  let owned = applyDeadlineEffects(s, event.meta, ownedBefore);
  s.revision += 1;
  s.lastEventAt = at;
  switch (event.type) {
    case 'Submitted': {
      const d = event.data;
      s.caseId = d.caseId;
      s.stage = 'submitted';
      s.workflow = event.meta.workflow;
      s.channel = d.channel;
      s.category = d.category;
      s.area = d.area;
      s.owner = d.receivingUnit;
      s.handlingUnit = d.receivingUnit;
      s.handlingLevel = d.receivingLevel;
      s.partyCount = d.parties.length;
      s.claimedAmountFen = d.claimedAmountFen;
      s.submittedAt = at;
      return owned;
    }
    case 'Reviewed':
      if (event.data.decision === 'accepted') s.stage = 'accepted';
      else {
        s.stage = 'rejected';
        s.rejection = { reason: event.data.reason, at };
      }
      return owned;
    case 'Routed': {
      const d = event.data;
      s.stage = d.mode === 'return' && d.to === s.owner ? 'accepted' : 'routed';
      s.handlingUnit = d.to;
      s.handlingLevel = d.toLevel;
      s.mediation = null;
      s.routing = appended(s.routing, { mode: d.mode, from: d.from, to: d.to, fromLevel: d.fromLevel, toLevel: d.toLevel, reason: d.reason, at }, (owned & ROUTING) !== 0);
      owned |= ROUTING;
      return owned;
    }
    case 'MediationStarted':
      s.stage = 'inMediation';
      s.mediation = { track: event.data.track, mediatorId: event.data.mediatorId, unit: event.data.unit, startedAt: at };
      return owned;
    case 'Mediated': {
      const d = event.data;
      s.stage = d.outcome;
      s.mediationResult = d.outcome;
      if (d.outcome === 'agreement') s.agreement = { form: d.form, amountFen: d.amountFen, hasPaymentTerms: d.paymentTerms !== null };
      return owned;
    }
    case 'Notarized':
      s.stage = 'notarized';
      s.notarization = { notaryOffice: event.data.notaryOffice, certificateNo: event.data.certificateNo, at };
      return owned;
    case 'CallbackRecorded': {
      const d = event.data;
      s.callbacks = appended(s.callbacks, { purpose: d.purpose, reached: d.reached, satisfaction: d.satisfaction, at }, (owned & CALLBACKS) !== 0);
      owned |= CALLBACKS;
      return owned;
    }
    case 'DeadlineExtended':
      return updateClock(s, owned, event.data.rule, (c) => clockWith(c, { extendedBy: c.extendedBy + event.data.by }));
    case 'ClockPaused':
      return updateClock(s, owned, event.data.rule, (c) => clockWith(c, { pausedSince: at }));
    case 'ClockResumed':
      return updateClock(s, owned, event.data.rule, (c) =>
        c.pausedSince === null ? c : clockWith(c, { pausedSince: null, pauses: [...c.pauses, { from: c.pausedSince, to: at }] }),
      );
    case 'SupervisionRaised':
      s.supervision = event.data.level;
      return owned;
    case 'CaseLinked': // added after the freeze (its histories have none): keeps the switch total
      return owned;
    case 'Closed':
      s.stage = 'closed';
      s.closure = { outcome: event.data.outcome, referredTo: event.data.referredTo, at };
      return owned;
  }
};

/**
 * A shallow copy of a state, written as a literal listing every field: every copy gets the
 * one object shape V8 has for states, where `{ ...state }` of a 24-field object goes
 * through a generic clone that showed up at several percent of a decision.
 */
const copyState = (s: CaseState): Mutable<CaseState> => ({
  caseId: s.caseId,
  revision: s.revision,
  stage: s.stage,
  workflow: s.workflow,
  channel: s.channel,
  category: s.category,
  area: s.area,
  owner: s.owner,
  handlingUnit: s.handlingUnit,
  handlingLevel: s.handlingLevel,
  partyCount: s.partyCount,
  claimedAmountFen: s.claimedAmountFen,
  submittedAt: s.submittedAt,
  lastEventAt: s.lastEventAt,
  routing: s.routing,
  rejection: s.rejection,
  mediation: s.mediation,
  mediationResult: s.mediationResult,
  agreement: s.agreement,
  notarization: s.notarization,
  callbacks: s.callbacks,
  clocks: s.clocks,
  supervision: s.supervision,
  closure: s.closure,
});

/**
 * Folds one event into the case state, returning a new state. Pure and total over decoded
 * events; it trusts the history (the decider checked every rule before the event was written).
 */
export const evolve = (state: CaseState, event: CaseEvent): CaseState => {
  const next = copyState(state);
  applyEvent(next, event, 0);
  return next;
};

/** Folds a whole history, copying the starting state once (the fast path for loading a case). */
export const fold = (state: CaseState, events: Iterable<CaseEvent>): CaseState => {
  const next = copyState(state);
  let owned = 0;
  for (const event of events) owned = applyEvent(next, event, owned);
  return next;
};
