import * as E from 'fp-ts/lib/Either.js';
import { decodeCaseCommand, type CaseCommand } from '../commands/caseCommand.js';
import type { CaseEvent } from '../events/caseEvent.js';
import { decodeErrorsMessage } from '../values/decodeErrors.js';
import { isSelfOrAbove } from '../jurisdictions/directory.js';
import { instantMillis } from '../values/values.js';
import { type Transition, type Workflow, workflowLabel } from '../workflow/workflow.js';
import type { CaseState } from './caseState.js';
import { commandHandlers, type Decided } from './commandHandlers.js';
import { checkContext, type DecisionContext } from './decisionContext.js';
import { deadlineEffects } from './deadlineEffects.js';
import { type Rejection, reject, rejection } from './rejection.js';

const EXTERNAL_ROLES = new Set(['requester', 'notary']);

/** `a` < `b` for ISO instants: a string comparison when both have the canonical 24-character form. */
const isBefore = (a: string, b: string): boolean => (a.length === 24 && b.length === 24 ? a < b : instantMillis(a) < instantMillis(b));

const checkCase = (command: CaseCommand, state: CaseState, context: DecisionContext): E.Either<Rejection, void> => {
  if (state.stage === 'new') {
    return command.type === 'Submit'
      ? E.right(undefined)
      : reject('CaseNotFound', `Case "${command.caseId}" has no history yet; submit it first.`, { caseId: command.caseId });
  }
  if (command.type === 'Submit') return reject('CaseAlreadyExists', `Case "${command.caseId}" already exists; use a new case id.`, { caseId: command.caseId });
  if (state.caseId !== command.caseId) {
    return reject('CaseMismatch', `The command names case "${command.caseId}" but the state is case "${state.caseId}".`, { caseId: command.caseId, stateCaseId: state.caseId ?? '' });
  }
  const given = workflowLabel(context.workflow);
  const own = state.workflow ? workflowLabel(state.workflow) : given;
  if (own !== given) {
    return reject('WorkflowMismatch', `Case "${command.caseId}" runs under workflow ${own}; decide it with that version, not ${given}.`, { caseWorkflow: own, givenWorkflow: given });
  }
  if (state.lastEventAt !== null && isBefore(context.now, state.lastEventAt)) {
    return reject('TimeWentBackwards', `now (${context.now}) is before the case's last event (${state.lastEventAt}); check the caller's clock.`, { now: context.now, lastEventAt: state.lastEventAt });
  }
  return E.right(undefined);
};

const transitionIndex = new WeakMap<Workflow, ReadonlyMap<string, readonly Transition[]>>();

/** The workflow's transitions for one command, indexed once per workflow object. */
const transitionsOf = (workflow: Workflow, command: string): readonly Transition[] => {
  let index = transitionIndex.get(workflow);
  if (!index) {
    const built = new Map<string, Transition[]>();
    for (const row of workflow.transitions) built.set(row.command, [...(built.get(row.command) ?? []), row]);
    index = built;
    transitionIndex.set(workflow, index);
  }
  return index.get(command) ?? [];
};

const allowedTransitions = (command: CaseCommand, state: CaseState, context: DecisionContext): E.Either<Rejection, readonly Transition[]> => {
  const rows = transitionsOf(context.workflow, command.type);
  const inStage = rows.filter((row) => row.from.includes(state.stage));
  if (inStage.length === 0) {
    const allowedStages = [...new Set(rows.flatMap((row) => row.from))];
    return reject('NotAllowedInStage', `${command.type} is not allowed while the case is ${state.stage}; it is allowed in: ${allowedStages.join(', ') || 'no stage'}.`, { command: command.type, stage: state.stage, allowedStages });
  }
  const role = context.actor.role;
  const forRole = inStage.filter((row) => (row.roles as readonly string[]).includes(role));
  if (forRole.length === 0) {
    const allowedRoles = [...new Set(inStage.flatMap((row) => row.roles))];
    return reject('RoleNotAllowed', `A ${role} may not ${command.type} here; allowed roles: ${allowedRoles.join(', ')}.`, { command: command.type, role, allowedRoles });
  }
  return E.right(forRole);
};

const checkUnit = (command: CaseCommand, state: CaseState, context: DecisionContext): E.Either<Rejection, void> => {
  const { actor, directory } = context;
  if (EXTERNAL_ROLES.has(actor.role) || command.type === 'Submit') return E.right(undefined);
  const responsible = [state.handlingUnit, state.owner].filter((u): u is string => u !== null);
  const ok = responsible.some((unit) => isSelfOrAbove(directory, unit, actor.unit));
  return ok
    ? E.right(undefined)
    : reject('NotResponsibleUnit', `Unit "${actor.unit}" neither holds, owns nor supervises this case (held by "${state.handlingUnit}").`, { actorUnit: actor.unit, handlingUnit: state.handlingUnit ?? '' });
};

const attachMeta = (command: CaseCommand, state: CaseState, context: DecisionContext, decided: Decided): CaseEvent => {
  const category = state.category ?? (decided.event.type === 'Submitted' ? String(decided.event.data['category']) : null);
  const candidate = {
    type: decided.event.type,
    data: decided.event.data,
    meta: {
      occurredAt: context.now,
      actor: { id: context.actor.id, role: context.actor.role, unit: context.actor.unit },
      commandId: command.commandId,
      workflow: { id: context.workflow.id, version: context.workflow.version },
      deadlines: deadlineEffects(context.workflow, state, decided.event, category),
    },
  };
  // Handlers build events only from decoded command fields and the checked context; the
  // property test "every decided event decodes with its codec" holds that invariant, so the
  // hot path does not re-validate each event.
  return candidate as CaseEvent;
};

const decideChecked = (input: unknown, state: CaseState, contextInput: unknown): E.Either<Rejection, readonly CaseEvent[]> => {
  // Written as early returns rather than a pipe of binds: this is the hot path of every command.
  const decoded = decodeCaseCommand(input);
  if (E.isLeft(decoded)) return reject('MalformedCommand', `The command is malformed: ${decodeErrorsMessage(decoded.left)}.`, { errors: decoded.left });
  const command = decoded.right;
  const checkedContext = checkContext(contextInput);
  if (E.isLeft(checkedContext)) return checkedContext;
  const context = checkedContext.right;
  const caseCheck = checkCase(command, state, context);
  if (E.isLeft(caseCheck)) return caseCheck;
  const rows = allowedTransitions(command, state, context);
  if (E.isLeft(rows)) return rows;
  const unitCheck = checkUnit(command, state, context);
  if (E.isLeft(unitCheck)) return unitCheck;
  const decided = commandHandlers(command, state, context);
  if (E.isLeft(decided)) return decided;
  if (!rows.right.some((r) => r.outcome === undefined || r.outcome === decided.right.outcome)) {
    const allowedRoles = context.workflow.transitions.filter((r) => r.command === command.type && r.outcome === decided.right.outcome).flatMap((r) => r.roles);
    return reject('RoleNotAllowed', `A ${context.actor.role} may not ${command.type} with outcome ${decided.right.outcome ?? '-'} here; allowed roles: ${allowedRoles.join(', ')}.`, { command: command.type, role: context.actor.role, allowedRoles });
  }
  return E.right([attachMeta(command, state, context, decided.right)]);
};

/**
 * Decides a command against a case state: the events to append, or a typed rejection.
 * Pure and total: it never throws, whatever it is given, and reads no clock (time, actor,
 * directory and workflow come in the context).
 */
export const decide = (command: unknown, state: CaseState, context: unknown): E.Either<Rejection, readonly CaseEvent[]> => {
  try {
    return decideChecked(command, state, context);
  } catch (error) {
    return reject('InvalidInput', `The decider could not inspect its input (${error instanceof Error ? error.message : String(error)}); pass a decoded state and a context.`, { reason: String(error) });
  }
};
