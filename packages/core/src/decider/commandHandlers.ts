import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { CaseCommand, CaseCommandOf } from '../commands/caseCommand.js';
import type { CaseEventData, CaseEventType } from '../events/caseEvent.js';
import { escalationTarget, isWithinReach } from '../jurisdictions/directory.js';
import { parseLocalDate } from '../calendar/localDate.js';
import type { CaseState } from './caseState.js';
import type { DecisionContext } from './decisionContext.js';
import type { CallbackRequirement } from '../workflow/workflow.js';
import { type CoreRejection, reject } from './rejection.js';
import { levelRank, type TerritorialLevel } from '../jurisdictions/unit.js';
import { workflowIndex } from './workflowIndex.js';

type Rejection = CoreRejection;

/** What a command handler decided: one event (before metadata) and its outcome key, if any. */
export interface Decided {
  readonly event: { readonly type: string; readonly data: Readonly<Record<string, unknown>> };
  readonly outcome?: string;
}

/**
 * `Either` chaining for this hot path: fp-ts 2.16's `E.chain` goes through `dual`, which
 * spreads its arguments on every call and showed up at several percent of a decision.
 */
const chain =
  <A, B>(f: (a: A) => E.Either<Rejection, B>) =>
  (ma: E.Either<Rejection, A>): E.Either<Rejection, B> =>
    ma._tag === 'Left' ? ma : f(ma.right);

type Handler<K extends CaseCommand['type']> = (command: CaseCommandOf<K>, state: CaseState, context: DecisionContext) => E.Either<Rejection, Decided>;

const emit = <K extends CaseEventType>(type: K, data: CaseEventData<K>, outcome?: string): E.Either<Rejection, Decided> =>
  E.right(outcome === undefined ? { event: { type, data } } : { event: { type, data }, outcome });

/** The answer of a value check that passed (one shared object). */
const KNOWN: E.Either<Rejection, void> = E.right(undefined);

const known = (field: string, value: string, allowed: readonly string[]): E.Either<Rejection, void> =>
  allowed.includes(value) ? KNOWN : reject('InvalidValue', `${field} "${value}" is not known to this workflow; use one of: ${allowed.join(', ')}.`, { field, value, allowed });

const unit = (context: DecisionContext, field: string, unitId: string) => {
  const found = context.directory.units.get(unitId);
  return found ? E.right(found) : reject('UnknownUnit', `${field} names unit "${unitId}", which the jurisdiction directory does not know.`, { field, unitId });
};

const LEVEL_UNKNOWN = 'department' as const;
const levelOf = (context: DecisionContext, unitId: string) => context.directory.units.get(unitId)?.level ?? LEVEL_UNKNOWN;

const isCalendarDate = (value: string): boolean => E.isRight(parseLocalDate(value));

const runningClock = (state: CaseState, rule: string) => {
  const clock = state.clocks[rule];
  return clock && clock.stoppedAt === null
    ? E.right(clock)
    : reject(
        'DeadlineNotRunning',
        `No deadline "${rule}" is running on this case; running: ${
          Object.keys(state.clocks)
            .filter((r) => state.clocks[r]?.stoppedAt === null)
            .join(', ') || 'none'
        }.`,
        { rule },
      );
};

const submit: Handler<'Submit'> = (c, _state, context) => {
  // Early returns rather than a pipe: Submit starts every case, and each `chain` step costs closures.
  const { workflow, actor } = context;
  const channel = known('channel', c.channel, workflow.channels);
  if (E.isLeft(channel)) return channel;
  const category = known('category', c.category, workflow.categories);
  if (E.isLeft(category)) return category;
  const area = unit(context, 'area', c.area);
  if (E.isLeft(area)) return area;
  const receiving = unit(context, 'receivingUnit', c.receivingUnit);
  if (E.isLeft(receiving)) return receiving;
  if (!c.parties.some((p) => p.side === 'applicant')) {
    return reject('InvalidValue', 'parties must include at least one applicant.', { field: 'parties', value: `${c.parties.length} parties`, allowed: ['applicant'] });
  }
  if (c.kind !== undefined && c.kind !== workflow.id) {
    return reject('InvalidValue', `kind "${c.kind}" is not the kind this case is decided under ("${workflow.id}"); submit it to a handler that decides "${c.kind}" cases.`, {
      field: 'kind',
      value: c.kind,
      allowed: [workflow.id],
    });
  }
  const selfLink = c.links?.find((link) => link.caseId === c.caseId);
  if (selfLink !== undefined) return reject('InvalidValue', `links names the case itself ("${c.caseId}"); a case links only to other cases.`, { field: 'links', value: c.caseId, allowed: [] });
  const citizen = workflowIndex(workflow).roles.get(actor.role)?.scope === 'citizen';
  if (citizen && !workflow.onlineChannels.includes(c.channel)) {
    return reject('InvalidValue', `A citizen (${actor.role}) submits only through an online channel (${workflow.onlineChannels.join(', ')}), not "${c.channel}".`, {
      field: 'channel',
      value: c.channel,
      allowed: workflow.onlineChannels,
    });
  }
  if (!citizen && actor.unit !== c.receivingUnit) {
    return reject(
      'NotResponsibleUnit',
      `Only staff of the receiving unit "${c.receivingUnit}" record a request received there, and the actor works for "${actor.unit}": set receivingUnit to "${actor.unit}", or act as staff of "${c.receivingUnit}".`,
      { actorUnit: actor.unit, handlingUnit: c.receivingUnit },
    );
  }
  const submitted = {
    caseId: c.caseId,
    channel: c.channel,
    category: c.category,
    summary: c.summary,
    receivingUnit: c.receivingUnit,
    receivingLevel: receiving.right.level,
    area: c.area,
    claimedAmountFen: c.claimedAmountFen,
    parties: c.parties,
  };
  // Only a linked case records `links`: the events of unlinked cases stay as they were.
  return emit('Submitted', c.links === undefined || c.links.length === 0 ? submitted : { ...submitted, links: c.links });
};

const review: Handler<'Review'> = (c, _state, context) => {
  const d = c.decision;
  return d.outcome === 'accepted'
    ? emit('Reviewed', { decision: 'accepted', note: d.note }, 'accepted')
    : pipe(
        known('reason', d.reason, context.workflow.rejectionReasons),
        chain(() => emit('Reviewed', { decision: 'rejected', reason: d.reason, note: d.note }, 'rejected')),
      );
};

const dispatch: Handler<'Dispatch'> = (c, state, context) => {
  const from = state.handlingUnit ?? '';
  const target = unit(context, 'to', c.to);
  if (E.isLeft(target)) return target;
  if (!isWithinReach(context.directory, from, c.to)) {
    return reject('UnitOutOfReach', `"${from}" cannot dispatch to "${c.to}": dispatch goes to a unit below it or to a functional department serving it; use Escalate to go up.`, { from, to: c.to });
  }
  const kind = target.right.departmentKind;
  const competentFor = kind === null ? undefined : context.workflow.competence?.[kind];
  if (kind !== null && competentFor !== undefined && state.category !== null && !competentFor.includes(state.category)) {
    return reject(
      'NotCompetent',
      `"${c.to}" (${kind}) does not take ${state.category} cases under workflow ${context.workflow.id}@${context.workflow.version}; it takes: ${competentFor.join(', ') || 'none'}. Dispatch to a unit competent for ${state.category}.`,
      { unitId: c.to, departmentKind: kind, category: state.category, competentFor },
    );
  }
  return emit('Routed', { mode: 'dispatch', from, to: c.to, fromLevel: levelOf(context, from), toLevel: target.right.level, reason: c.reason });
};

const escalate: Handler<'Escalate'> = (c, state, context) => {
  const from = state.handlingUnit ?? '';
  return pipe(
    unit(context, 'to', c.to),
    chain(() => {
      const target = escalationTarget(context.directory, from);
      if (!target) return reject('EscalationNotPossible', `"${from}" has no level above it to escalate to (a city, or a functional department: return the case instead).`, { from });
      if (target.id !== c.to)
        return reject('EscalationMustGoOneLevelUp', `Escalation goes exactly one level up, from "${from}" to "${target.id}", never to "${c.to}".`, { from, expected: target.id, given: c.to });
      const ceiling = context.workflow.escalationCeiling;
      if (ceiling !== undefined && target.level !== 'department' && levelRank(target.level) > levelRank(ceiling as TerritorialLevel)) {
        return reject('EscalationNotPossible', `Cases of workflow ${context.workflow.id} go no higher than the ${ceiling} level; "${from}" cannot escalate to "${c.to}" (${target.level}).`, { from });
      }
      return emit('Routed', { mode: 'escalate', from, to: c.to, fromLevel: levelOf(context, from), toLevel: target.level, reason: c.reason });
    }),
  );
};

const returnToSender: Handler<'ReturnToSender'> = (c, state, context) => {
  const here = state.handlingUnit ?? '';
  const arrival = [...state.routing].reverse().find((step) => step.mode !== 'return' && step.to === here);
  if (!arrival) return reject('NothingToReturn', `The case at "${here}" was not sent there by another unit; there is no sender to return it to.`, { handlingUnit: here });
  return emit(
    'Routed',
    { mode: 'return', from: here, to: arrival.from, fromLevel: levelOf(context, here), toLevel: levelOf(context, arrival.from), reason: c.reason },
    arrival.from === state.owner ? 'toOwner' : 'toUnit',
  );
};

const startMediation: Handler<'StartMediation'> = (c, state, context) => {
  const track = known('track', c.track, context.workflow.tracks);
  if (E.isLeft(track)) return track;
  const base = { track: c.track, mediatorId: context.actor.id, unit: state.handlingUnit ?? context.actor.unit };
  return emit('MediationStarted', c.participants === undefined ? base : { ...base, participants: c.participants });
};

const recordMediation: Handler<'RecordMediation'> = (c) => {
  const r = c.result;
  if (r.outcome === 'agreement' && r.paymentTerms !== null && !isCalendarDate(r.paymentTerms.dueDate)) {
    return reject('InvalidValue', `paymentTerms.dueDate "${r.paymentTerms.dueDate}" is not a real calendar date (YYYY-MM-DD).`, {
      field: 'result.paymentTerms.dueDate',
      value: r.paymentTerms.dueDate,
      allowed: [],
    });
  }
  return emit('Mediated', r, r.outcome);
};

const notarize: Handler<'Notarize'> = (c, state) => {
  const agreement = state.agreement;
  if (agreement?.form !== 'written' || !agreement.hasPaymentTerms) {
    return reject('NotarizationNeedsWrittenPaymentAgreement', 'Notarization with compulsory-enforcement effect needs a written agreement with payment terms (公证法 Art 37).', {
      form: agreement?.form ?? null,
      hasPaymentTerms: agreement?.hasPaymentTerms ?? false,
    });
  }
  return emit('Notarized', { notaryOffice: c.notaryOffice, certificateNo: c.certificateNo });
};

const recordCallback: Handler<'RecordCallback'> = (c, state) => {
  const expected = state.stage === 'rejected' ? 'rejectionExplained' : 'followUp';
  if (c.purpose !== expected) {
    return reject('InvalidValue', `A call-back in stage ${state.stage} is a "${expected}" call-back, not "${c.purpose}".`, { field: 'purpose', value: c.purpose, allowed: [expected] });
  }
  if (!c.reached && c.satisfaction !== null) {
    return reject('InvalidValue', 'A call-back that did not reach the requester cannot record their satisfaction.', { field: 'satisfaction', value: c.satisfaction, allowed: [] });
  }
  return emit('CallbackRecorded', { purpose: c.purpose, reached: c.reached, satisfaction: c.satisfaction, note: c.note });
};

const OUTCOME_BY_STAGE = { rejected: 'rejected', agreement: 'settled', notarized: 'settled', noAgreement: 'notSettled', withdrawn: 'withdrawn' } as const;

/**
 * Whether the call-backs made satisfy a closing requirement: a bare purpose (version 1) by any
 * call-back of that purpose; a requirement by one that reached the citizen, or by
 * `attemptsSuffice` attempts that did not.
 */
const callbackDone = (callbacks: CaseState['callbacks'], required: string | CallbackRequirement): boolean => {
  if (typeof required === 'string') return callbacks.some((cb) => cb.purpose === required);
  const made = callbacks.filter((cb) => cb.purpose === required.purpose);
  return made.some((cb) => cb.reached) || (required.attemptsSuffice !== undefined && made.length >= required.attemptsSuffice);
};

const describeRequirement = (required: string | CallbackRequirement): string =>
  typeof required === 'string'
    ? `a "${required}" call-back to the requester`
    : `a "${required.purpose}" call-back that reaches the requester${required.attemptsSuffice === undefined ? '' : ` (or ${required.attemptsSuffice} recorded attempts)`}`;

const close: Handler<'Close'> = (c, state, context) => {
  const outcome = (context.workflow.closingOutcomes ?? OUTCOME_BY_STAGE)[state.stage as keyof typeof OUTCOME_BY_STAGE];
  if (outcome === undefined)
    return reject('NotAllowedInStage', `Workflow ${context.workflow.id} names no closing outcome for stage ${state.stage}; add it to closingOutcomes.`, {
      command: 'Close',
      stage: state.stage,
      allowedStages: Object.keys(context.workflow.closingOutcomes ?? OUTCOME_BY_STAGE),
    });
  const required = context.workflow.closeRequiresCallback[state.stage];
  if (required !== undefined && !callbackDone(state.callbacks, required)) {
    const purpose = typeof required === 'string' ? required : required.purpose;
    return reject('CallbackRequired', `A case in stage ${state.stage} closes only after ${describeRequirement(required)}; record it first.`, { purpose });
  }
  if (c.referredTo !== null) {
    if (outcome !== 'notSettled') return reject('ReferralNotAllowed', `Only a case that ended without agreement is referred elsewhere; this one is ${outcome}.`, { outcome });
    const check = known('referredTo', c.referredTo, context.workflow.referralRoutes);
    if (E.isLeft(check)) return check;
  }
  return emit('Closed', { outcome, referredTo: c.referredTo, note: c.note });
};

const withdraw: Handler<'Withdraw'> = (c) => emit('Closed', { outcome: 'withdrawn', referredTo: null, note: c.reason });

const extendDeadline: Handler<'ExtendDeadline'> = (c, state) =>
  pipe(
    runningClock(state, c.rule),
    chain((clock) => {
      const requestedTotal = clock.extendedBy + c.by;
      return requestedTotal > clock.rule.maxExtension
        ? reject('ExtensionExceedsLimit', `Deadline "${c.rule}" may be extended by at most ${clock.rule.maxExtension} ${clock.rule.unit} in total; ${requestedTotal} requested.`, {
            rule: c.rule,
            maxExtension: clock.rule.maxExtension,
            requestedTotal,
          })
        : emit('DeadlineExtended', { rule: c.rule, by: c.by, unit: clock.rule.unit, reason: c.reason });
    }),
  );

const pauseClock: Handler<'PauseClock'> = (c, state, context) =>
  pipe(
    known('reason', c.reason, context.workflow.pauseReasons),
    chain(() => runningClock(state, c.rule)),
    chain((clock) =>
      clock.pausedSince !== null
        ? reject('ClockAlreadyPaused', `Deadline "${c.rule}" is already paused since ${clock.pausedSince}.`, { rule: c.rule })
        : emit('ClockPaused', { rule: c.rule, reason: c.reason }),
    ),
  );

const resumeClock: Handler<'ResumeClock'> = (c, state) =>
  pipe(
    runningClock(state, c.rule),
    chain((clock) => (clock.pausedSince === null ? reject('ClockNotPaused', `Deadline "${c.rule}" is not paused.`, { rule: c.rule }) : emit('ClockResumed', { rule: c.rule }))),
  );

const SUPERVISION_RANK = { normal: 0, yellow: 1, red: 2 } as const;

const raiseSupervision: Handler<'RaiseSupervision'> = (c, state) =>
  SUPERVISION_RANK[c.level] > SUPERVISION_RANK[state.supervision]
    ? emit('SupervisionRaised', { level: c.level, reason: c.reason })
    : reject('SupervisionNotRaised', `Supervision is already ${state.supervision}; ${c.level} would not raise it.`, { current: state.supervision, requested: c.level });

const linkCase: Handler<'LinkCase'> = (c, state) =>
  c.linkedCaseId === state.caseId
    ? reject('InvalidValue', `linkedCaseId names the case itself ("${c.linkedCaseId}"); a case links only to other cases.`, { field: 'linkedCaseId', value: c.linkedCaseId, allowed: [] })
    : emit('CaseLinked', { caseId: c.linkedCaseId, kind: c.kind, relation: c.relation, note: c.note }, c.relation);

const handlers: { readonly [K in CaseCommand['type']]: Handler<K> } = {
  Submit: submit,
  Review: review,
  Dispatch: dispatch,
  Escalate: escalate,
  ReturnToSender: returnToSender,
  StartMediation: startMediation,
  RecordMediation: recordMediation,
  Notarize: notarize,
  RecordCallback: recordCallback,
  Close: close,
  Withdraw: withdraw,
  ExtendDeadline: extendDeadline,
  PauseClock: pauseClock,
  ResumeClock: resumeClock,
  RaiseSupervision: raiseSupervision,
  LinkCase: linkCase,
};

/**
 * The data fields of each command's event that its handler takes from the state, the
 * directory, the context or a table. Every other field is copied from the decoded command,
 * whose codec checked it with the same codec the event uses, so `decide` checks again only
 * these (a property test feeds the decider corrupted states and directories to hold this
 * list to account).
 */
export const derivedFields: { readonly [K in CaseCommand['type']]: readonly string[] } = {
  Submit: ['receivingLevel'],
  Review: [],
  Dispatch: ['from', 'fromLevel', 'toLevel'],
  Escalate: ['from', 'fromLevel', 'toLevel'],
  ReturnToSender: ['from', 'to', 'fromLevel', 'toLevel'],
  StartMediation: ['mediatorId', 'unit'],
  RecordMediation: [],
  Notarize: [],
  RecordCallback: [],
  Close: ['outcome'],
  Withdraw: [],
  ExtendDeadline: ['unit'],
  PauseClock: [],
  ResumeClock: [],
  RaiseSupervision: [],
  LinkCase: [],
};

/** Runs the command's own rules, after the generic checks (stage, role, unit) have passed. */
export const commandHandlers = (command: CaseCommand, state: CaseState, context: DecisionContext): E.Either<Rejection, Decided> =>
  (handlers[command.type] as Handler<CaseCommand['type']>)(command as never, state, context);
