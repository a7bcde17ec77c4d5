import type { AnyCaseEvent, CaseEvent, CaseEventData, Participant } from '../events/caseEvent.js';
import type { EventMeta, StartedDeadline } from '../events/eventMeta.js';
import type { CaseState, Clock, PausedSpan } from './caseState.js';
import { internedDeadline } from '../internal/internedDeadline.js';

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
const FACTS = 8;
/**
 * Every clock in the state was made by this fold (it started from a state without clocks),
 * so it may change them in place: stopping a clock then costs no new object.
 */
const CLOCK_OBJECTS = 16;

/** The state's clocks, to change: copied first unless `owned` says this fold already copied them. */
const clocksToChange = (s: Mutable<CaseState>, owned: number): Record<string, Clock> => {
  // A fold from a state without clocks copies an empty record: a literal, not a spread.
  if ((owned & CLOCKS) === 0) s.clocks = (owned & CLOCK_OBJECTS) !== 0 ? {} : { ...s.clocks };
  return s.clocks as Record<string, Clock>;
};

/** `list` with `item` appended: in place when the fold owns the list, else in a new array. */
const appended = <T>(list: readonly T[], item: T, owned: boolean): readonly T[] => {
  if (!owned) return list.length === 0 ? [item] : [...list, item];
  (list as T[]).push(item);
  return list;
};

/** A running clock stopped at `at` (a pause still open ends there): in place when the fold made the clock, else a new clock. */
const stoppedClock = (clock: Clock, at: string, owned: boolean): Clock => {
  const pauses = clock.pausedSince === null ? clock.pauses : [...clock.pauses, { from: clock.pausedSince, to: at }];
  if (!owned) return { rule: clock.rule, startedAt: clock.startedAt, pauses, pausedSince: null, extendedBy: clock.extendedBy, stoppedAt: at };
  const changed = clock as Mutable<Clock>;
  changed.pauses = pauses;
  changed.pausedSince = null;
  changed.stoppedAt = at;
  return changed;
};

/** A mediation's participants when the event names none (version 1): one frozen empty list. */
const NO_PARTICIPANTS: readonly Participant[] = Object.freeze([]);

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
    if (clock && clock.stoppedAt === null) {
      const changed = stoppedClock(clock, at, (owned & CLOCK_OBJECTS) !== 0);
      if (changed !== clock) next[rule] = changed;
    }
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
const applyEvent = (s: Mutable<CaseState>, event: AnyCaseEvent, ownedBefore: number): number => {
  const at = event.meta.occurredAt;
  let owned = applyDeadlineEffects(s, event.meta, ownedBefore);
  s.revision += 1;
  s.lastEventAt = at;
  const e = event as CaseEvent;
  switch (e.type) {
    case 'Submitted': {
      const d = e.data;
      s.caseId = d.caseId;
      s.stage = 'submitted';
      s.workflow = e.meta.workflow;
      s.channel = d.channel;
      s.category = d.category;
      s.area = d.area;
      s.owner = d.receivingUnit;
      s.handlingUnit = d.receivingUnit;
      s.handlingLevel = d.receivingLevel;
      s.partyCount = d.parties.length;
      s.applicants = applicantsOf(d.parties);
      s.claimedAmountFen = d.claimedAmountFen;
      s.submittedAt = at;
      break;
    }
    case 'Reviewed':
      if (e.data.decision === 'accepted') s.stage = 'accepted';
      else {
        s.stage = 'rejected';
        s.rejection = { reason: e.data.reason, at };
      }
      break;
    case 'Routed': {
      const d = e.data;
      s.stage = d.mode === 'return' && d.to === s.owner ? 'accepted' : 'routed';
      s.handlingUnit = d.to;
      s.handlingLevel = d.toLevel;
      s.mediation = null;
      s.routing = appended(s.routing, { mode: d.mode, from: d.from, to: d.to, fromLevel: d.fromLevel, toLevel: d.toLevel, reason: d.reason, at }, (owned & ROUTING) !== 0);
      owned |= ROUTING;
      break;
    }
    case 'MediationStarted':
      s.stage = 'inMediation';
      s.mediation = { track: e.data.track, mediatorId: e.data.mediatorId, unit: e.data.unit, startedAt: at, participants: e.data.participants ?? NO_PARTICIPANTS };
      break;
    case 'Mediated': {
      const d = e.data;
      s.stage = d.outcome;
      s.mediationResult = d.outcome;
      if (d.outcome === 'agreement') s.agreement = { form: d.form, amountFen: d.amountFen, hasPaymentTerms: d.paymentTerms !== null };
      break;
    }
    case 'Notarized':
      s.stage = 'notarized';
      s.notarization = { notaryOffice: e.data.notaryOffice, certificateNo: e.data.certificateNo, at };
      break;
    case 'CallbackRecorded': {
      const d = e.data;
      s.callbacks = appended(s.callbacks, { purpose: d.purpose, reached: d.reached, satisfaction: d.satisfaction, at }, (owned & CALLBACKS) !== 0);
      owned |= CALLBACKS;
      break;
    }
    case 'DeadlineExtended':
      owned = updateClock(s, owned, e.data.rule, (c) => clockWith(c, { extendedBy: c.extendedBy + e.data.by }));
      break;
    case 'ClockPaused':
      owned = updateClock(s, owned, e.data.rule, (c) => clockWith(c, { pausedSince: at }));
      break;
    case 'ClockResumed':
      owned = updateClock(s, owned, e.data.rule, (c) => (c.pausedSince === null ? c : clockWith(c, { pausedSince: null, pauses: [...c.pauses, { from: c.pausedSince, to: at }] })));
      break;
    case 'SupervisionRaised':
      s.supervision = e.data.level;
      break;
    case 'Closed':
      s.stage = 'closed';
      s.closure = { outcome: e.data.outcome, referredTo: e.data.referredTo, at };
      break;
    default:
      // Not one of the shared lifecycle's: an event its workflow defines.
      owned = applyWorkflowEvent(s, event as AnyCaseEvent, owned, at);
      break;
  }
  // Decided on the open case model: the event says where the case is now. (An event of
  // version 1 of the mediation workflow says nothing: its stage follows from the event, above,
  // and `publicStatus` maps that stage as version 1 did.)
  const { stage, status } = event.meta;
  if (stage !== undefined) s.stage = stage;
  if (status !== undefined) s.status = status;
  return owned;
};

/** Records an event the workflow defines as a fact of the case (the last one's data, its time, how many). */
const applyWorkflowEvent = (s: Mutable<CaseState>, event: AnyCaseEvent, owned: number, at: string): number => {
  if ((owned & FACTS) === 0) s.facts = { ...s.facts };
  const facts = s.facts as Record<string, CaseState['facts'][string]>;
  facts[event.type] = { data: event.data, at, count: (facts[event.type]?.count ?? 0) + 1 };
  return owned | FACTS;
};

/** The subject ids of the applicants among `parties`, counted first: an array of their number (a push loop makes room for 17). */
const applicantsOf = (parties: CaseEventData<'Submitted'>['parties']): readonly string[] => {
  let count = 0;
  for (let i = 0; i < parties.length; i++) if (parties[i]!.side === 'applicant') count += 1;
  const ids = new Array<string>(count);
  for (let i = 0, k = 0; i < parties.length; i++) if (parties[i]!.side === 'applicant') ids[k++] = parties[i]!.subjectId;
  return ids;
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
  status: s.status,
  workflow: s.workflow,
  channel: s.channel,
  category: s.category,
  area: s.area,
  owner: s.owner,
  handlingUnit: s.handlingUnit,
  handlingLevel: s.handlingLevel,
  partyCount: s.partyCount,
  applicants: s.applicants,
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
  facts: s.facts,
});

/**
 * Folds one event into the case state, returning a new state. Pure and total over decoded
 * events; it trusts the history (the decider checked every rule before the event was written).
 */
export const evolve = (state: CaseState, event: AnyCaseEvent): CaseState => {
  const next = copyState(state);
  applyEvent(next, event, 0);
  return next;
};

/** Whether a record has no keys (without building the list of them). */
const isEmpty = (record: Readonly<Record<string, unknown>>): boolean => {
  for (const _ in record) return false;
  return true;
};

/** Folds a whole history, copying the starting state once (the fast path for loading a case). */
export const fold = (state: CaseState, events: Iterable<AnyCaseEvent>): CaseState => {
  const next = copyState(state);
  let owned = isEmpty(state.clocks) ? CLOCK_OBJECTS : 0;
  for (const event of events) owned = applyEvent(next, event, owned);
  return next;
};
