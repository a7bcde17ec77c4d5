import * as E from 'fp-ts/lib/Either.js';
import { type AnyCaseEvent, type CallbackRequirement, type CaseState, type PublicStatus, type Workflow, TERRITORIAL_LEVELS, escalationTarget, evolve, holds, isSelfOrAbove } from '../index.js';
import { type PlayResult, type PlayedStep, describeStep } from './workflowHistories.js';

/** What the citizen should see in `state`, read from the workflow's stage definitions. */
const expectedStatus = (workflow: Workflow, state: CaseState): PublicStatus | undefined => {
  const status = workflow.stages.find((s) => s.id === state.stage)?.status;
  if (status === undefined || typeof status === 'string') return status;
  const outcome = state.closure?.outcome;
  return (outcome === undefined ? undefined : status.byOutcome[outcome]) ?? status.otherwise;
};

const rank = (level: string): number => TERRITORIAL_LEVELS.indexOf(level as never);

const callbackDone = (state: CaseState, required: string | CallbackRequirement): boolean => {
  const purpose = typeof required === 'string' ? required : required.purpose;
  const made = state.callbacks.filter((cb) => cb.purpose === purpose);
  if (typeof required === 'string') return made.length > 0;
  return made.some((cb) => cb.reached) || (required.attemptsSuffice !== undefined && made.length >= required.attemptsSuffice);
};

/** The invariants one accepted step breaks, each as a sentence. */
const acceptedStepViolations = (step: PlayedStep, events: readonly AnyCaseEvent[], workflow: Workflow): string[] => {
  const { before, after, command, context } = step;
  const { actor, directory } = context;
  const type = String(command['type']);
  const found: string[] = [];
  const stage = workflow.stages.find((s) => s.id === before.stage);
  if (stage?.terminal === true) found.push(`accepted in terminal stage ${before.stage}`);
  if (!workflow.stages.some((s) => s.id === after.stage)) found.push(`left the case in stage ${after.stage}, which is not one of the workflow's`);
  const rows = workflow.transitions.filter((r) => r.command === type && r.from.includes(before.stage) && r.roles.includes(actor.role));
  if (!rows.some((r) => (r.to === 'same' ? before.stage : r.to) === after.stage)) found.push(`no transition row lets a ${actor.role} move the case by ${type} from ${before.stage} to ${after.stage}`);
  const scope = { command, state: before, actor, known: context.known };
  for (const guard of workflow.guards ?? []) {
    if (!guard.commands.includes(type)) continue;
    if ((guard.when === undefined || holds(guard.when, scope)) && !holds(guard.require, scope))
      found.push(`guard ${guard.id} does not hold, yet the command was accepted (expected ${guard.rejection.code})`);
  }
  const role = workflow.roles.find((r) => r.id === actor.role);
  if (type !== 'Submit' && role?.scope === 'citizen' && !before.applicants.includes(actor.id)) found.push(`citizen ${actor.id} is not an applicant of the case`);
  if (type !== 'Submit' && role?.scope === 'staff') {
    const responsible = [before.handlingUnit, before.owner].some((u) => u !== null && isSelfOrAbove(directory, u, actor.unit));
    if (!responsible) found.push(`unit ${actor.unit} neither holds, owns nor supervises the case`);
  }
  const required = workflow.closeRequiresCallback[before.stage];
  if (type === 'Close' && required !== undefined && !callbackDone(before, required)) found.push(`closed from ${before.stage} without the call-back it requires`);
  let state = before;
  for (const event of events) {
    state = evolve(state, event);
    if (event.meta.workflow.id !== workflow.id || event.meta.workflow.version !== workflow.version)
      found.push(`${event.type} records workflow ${event.meta.workflow.id}@${event.meta.workflow.version}`);
    if (event.meta.stage !== state.stage) found.push(`${event.type} records stage ${event.meta.stage}, the case is in ${state.stage}`);
    const status = expectedStatus(workflow, state);
    if (event.meta.status !== status || state.status !== status) found.push(`${event.type} records status ${event.meta.status} (state: ${state.status}); stage ${state.stage} shows ${status}`);
    if (event.type === 'Routed' && event.data['mode'] === 'escalate') {
      const [from, to, fromLevel, toLevel] = [event.data['from'], event.data['to'], event.data['fromLevel'], event.data['toLevel']].map(String) as [string, string, string, string];
      if (from !== before.handlingUnit) found.push(`escalated from ${from}, but the case was held by ${before.handlingUnit}`);
      if (escalationTarget(directory, from)?.id !== to || rank(toLevel) !== rank(fromLevel) + 1) found.push(`escalated from ${from} (${fromLevel}) to ${to} (${toLevel}), not exactly one level up`);
      const ceiling = workflow.escalationCeiling;
      if (ceiling !== undefined && rank(toLevel) > rank(ceiling)) found.push(`escalated to ${toLevel}, above the workflow's ceiling ${ceiling}`);
    }
  }
  return found;
};

/**
 * Every invariant of its workflow that a played history breaks, as one line per breach
 * naming the step (empty when it keeps them all): a refused step changes nothing; an
 * accepted one never leaves a terminal stage, moves the case as a transition row for the
 * actor's role says, to one of the workflow's stages; every guard of the command holds
 * (re-evaluated with `holds` on the state before the step); a citizen acts only on their own
 * case and staff only for a unit holding, owning or above it; `Close` succeeds only after the
 * call-back its stage requires (a `Withdraw` is not held to it); each event records the workflow, the stage the case is in
 * after it and the public status the stage definition gives; escalation goes exactly one
 * level up, from the holding unit, no higher than the workflow's ceiling.
 *
 * @example
 * fc.assert(fc.property(workflowHistoryArbitrary({ workflow, directory, payloads }), (h) => expect(historyInvariantViolations(h)).toEqual([])), { numRuns: 1000 });
 */
export const historyInvariantViolations = (history: PlayResult): readonly string[] =>
  history.steps.flatMap((step, i) => {
    const found = E.isLeft(step.result) ? (step.after === step.before ? [] : ['a refused step changed the state']) : acceptedStepViolations(step, step.result.right, history.workflow);
    return found.map((what) => `step ${i + 1} (${describeStep(step)}): ${what}`);
  });
