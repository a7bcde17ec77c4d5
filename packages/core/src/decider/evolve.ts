import type { CaseEvent } from '../events/caseEvent.js';
import type { EventMeta } from '../events/eventMeta.js';
import type { CaseState, Clock } from './caseState.js';

const updateClock = (state: CaseState, rule: string, change: (clock: Clock) => Clock): CaseState['clocks'] => {
  const clock = state.clocks[rule];
  return clock ? { ...state.clocks, [rule]: change(clock) } : state.clocks;
};

const applyDeadlineEffects = (clocks: CaseState['clocks'], meta: EventMeta): CaseState['clocks'] => {
  const { started, stopped } = meta.deadlines;
  if (started.length === 0 && stopped.length === 0) return clocks;
  const next: Record<string, Clock> = { ...clocks };
  const at = meta.occurredAt;
  for (const rule of stopped) {
    const clock = next[rule];
    if (clock && clock.stoppedAt === null) {
      next[rule] = {
        ...clock,
        stoppedAt: at,
        pausedSince: null,
        pauses: clock.pausedSince === null ? clock.pauses : [...clock.pauses, { from: clock.pausedSince, to: at }],
      };
    }
  }
  for (const rule of started) {
    next[rule.rule] = { rule, startedAt: at, pauses: [], pausedSince: null, extendedBy: 0, stoppedAt: null };
  }
  return next;
};

const stageAfterReturn = (state: CaseState, to: string): CaseState['stage'] => (to === state.owner ? 'accepted' : 'routed');

/**
 * Folds one event into the case state. Pure and total over decoded events; it trusts the
 * history (the decider has checked every rule before the event was written).
 */
export const evolve = (state: CaseState, event: CaseEvent): CaseState => {
  const at = event.meta.occurredAt;
  const base = { ...state, revision: state.revision + 1, lastEventAt: at, clocks: applyDeadlineEffects(state.clocks, event.meta) };
  switch (event.type) {
    case 'Submitted': {
      const d = event.data;
      return {
        ...base,
        caseId: d.caseId,
        stage: 'submitted',
        workflow: event.meta.workflow,
        channel: d.channel,
        category: d.category,
        area: d.area,
        owner: d.receivingUnit,
        handlingUnit: d.receivingUnit,
        handlingLevel: d.receivingLevel,
        partyCount: d.parties.length,
        claimedAmountFen: d.claimedAmountFen,
        submittedAt: at,
      };
    }
    case 'Reviewed':
      return event.data.decision === 'accepted'
        ? { ...base, stage: 'accepted' }
        : { ...base, stage: 'rejected', rejection: { reason: event.data.reason, at } };
    case 'Routed': {
      const d = event.data;
      return {
        ...base,
        stage: d.mode === 'return' ? stageAfterReturn(state, d.to) : 'routed',
        handlingUnit: d.to,
        handlingLevel: d.toLevel,
        mediation: null,
        routing: [...state.routing, { mode: d.mode, from: d.from, to: d.to, fromLevel: d.fromLevel, toLevel: d.toLevel, reason: d.reason, at }],
      };
    }
    case 'MediationStarted':
      return { ...base, stage: 'inMediation', mediation: { track: event.data.track, mediatorId: event.data.mediatorId, unit: event.data.unit, startedAt: at } };
    case 'Mediated': {
      const d = event.data;
      return d.outcome === 'agreement'
        ? { ...base, stage: 'agreement', mediationResult: 'agreement', agreement: { form: d.form, amountFen: d.amountFen, hasPaymentTerms: d.paymentTerms !== null } }
        : { ...base, stage: d.outcome, mediationResult: d.outcome };
    }
    case 'Notarized':
      return { ...base, stage: 'notarized', notarization: { notaryOffice: event.data.notaryOffice, certificateNo: event.data.certificateNo, at } };
    case 'CallbackRecorded': {
      const d = event.data;
      return { ...base, callbacks: [...state.callbacks, { purpose: d.purpose, reached: d.reached, satisfaction: d.satisfaction, at }] };
    }
    case 'DeadlineExtended':
      return { ...base, clocks: updateClock(base, event.data.rule, (c) => ({ ...c, extendedBy: c.extendedBy + event.data.by })) };
    case 'ClockPaused':
      return { ...base, clocks: updateClock(base, event.data.rule, (c) => ({ ...c, pausedSince: at })) };
    case 'ClockResumed':
      return {
        ...base,
        clocks: updateClock(base, event.data.rule, (c) =>
          c.pausedSince === null ? c : { ...c, pausedSince: null, pauses: [...c.pauses, { from: c.pausedSince, to: at }] },
        ),
      };
    case 'SupervisionRaised':
      return { ...base, supervision: event.data.level };
    case 'Closed':
      return { ...base, stage: 'closed', closure: { outcome: event.data.outcome, referredTo: event.data.referredTo, at } };
  }
};

/** Folds a whole history from the initial state. */
export const fold = (state: CaseState, events: Iterable<CaseEvent>): CaseState => {
  let current = state;
  for (const event of events) current = evolve(current, event);
  return current;
};
