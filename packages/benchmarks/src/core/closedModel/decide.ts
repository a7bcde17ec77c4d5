// FROZEN BASELINE COPY of packages/core/src/decider/decide.ts at 19d41f0 (imports, and the one read of the event codecs, changed only): see ./index.ts.
import * as E from 'fp-ts/lib/Either.js';
import { type CaseCommand, type CaseEvent, type CaseEventType, Id, decodeCaseEvent, decodeErrorsMessage, instantMillis, isSelfOrAbove } from '@casefold/core';
import { fastIs } from '@casefold/core/internal';
import { decodeCaseCommand, eventDataProps } from './closedCodecs.js';
import { type Transition, workflowLabel } from './workflow.js';
import type { CaseState } from './caseState.js';
import { type ClosedCommandType, commandHandlers, derivedFields, type Decided } from './commandHandlers.js';
import { checkContext, type DecisionContext } from './decisionContext.js';
import { deadlineEffects } from './deadlineEffects.js';
import { workflowIndex } from './workflowIndex.js';
import { type Rejection, reject } from './rejection.js';

const EXTERNAL_ROLES = new Set(['requester', 'notary']);

const isId = (value: string): boolean => Id.is(value);

/** The answer of a check that passed (one shared object: checks run on every command). */
const PASSED: E.Either<Rejection, void> = E.right(undefined);

/** `a` < `b` for ISO instants: a string comparison when both have the canonical 24-character form. */
const isBefore = (a: string, b: string): boolean => (a.length === 24 && b.length === 24 ? a < b : instantMillis(a) < instantMillis(b));

const checkCase = (command: CaseCommand, state: CaseState, context: DecisionContext): E.Either<Rejection, void> => {
  if (state.stage === 'new') {
    return command.type === 'Submit'
      ? PASSED
      : reject('CaseNotFound', `Case "${command.caseId}" has no history yet; submit it first.`, { caseId: command.caseId });
  }
  if (command.type === 'Submit') return reject('CaseAlreadyExists', `Case "${command.caseId}" already exists; use a new case id.`, { caseId: command.caseId });
  if (state.caseId !== command.caseId) {
    return reject('CaseMismatch', `The command names case "${command.caseId}" but the state is case "${state.caseId}".`, { caseId: command.caseId, stateCaseId: state.caseId ?? '' });
  }
  const own = state.workflow;
  const given = context.workflow;
  if (own && (own.id !== given.id || own.version !== given.version) && workflowLabel(own) !== workflowLabel(given)) {
    return reject('WorkflowMismatch', `Case "${command.caseId}" runs under workflow ${workflowLabel(own)}; decide it with that version, not ${workflowLabel(given)}.`, { caseWorkflow: workflowLabel(own), givenWorkflow: workflowLabel(given) });
  }
  if (state.lastEventAt !== null && isBefore(context.now, state.lastEventAt)) {
    return reject('TimeWentBackwards', `now (${context.now}) is before the case's last event (${state.lastEventAt}); check the caller's clock.`, { now: context.now, lastEventAt: state.lastEventAt });
  }
  return PASSED;
};

const allowedTransitions = (command: CaseCommand, state: CaseState, context: DecisionContext): E.Either<Rejection, readonly Transition[]> => {
  const byStage = workflowIndex(context.workflow).transitions.get(command.type);
  const byRole = byStage?.get(state.stage);
  if (byRole === undefined) {
    const allowedStages = [...(byStage?.keys() ?? [])];
    return reject('NotAllowedInStage', `${command.type} is not allowed while the case is ${state.stage}; it is allowed in: ${allowedStages.join(', ') || 'no stage'}.`, { command: command.type, stage: state.stage, allowedStages });
  }
  const role = context.actor.role;
  const forRole = byRole.get(role);
  if (forRole === undefined) {
    const allowedRoles = [...byRole.keys()];
    return reject('RoleNotAllowed', `A ${role} may not ${command.type} here; allowed roles: ${allowedRoles.join(', ')}.`, { command: command.type, role, allowedRoles });
  }
  return E.right(forRole);
};

const checkUnit = (command: CaseCommand, state: CaseState, context: DecisionContext): E.Either<Rejection, void> => {
  const { actor, directory } = context;
  if (EXTERNAL_ROLES.has(actor.role) || command.type === 'Submit') return PASSED;
  const ok =
    (state.handlingUnit !== null && isSelfOrAbove(directory, state.handlingUnit, actor.unit)) ||
    (state.owner !== null && isSelfOrAbove(directory, state.owner, actor.unit));
  return ok
    ? PASSED
    : reject('NotResponsibleUnit', `Unit "${actor.unit}" neither holds, owns nor supervises this case (held by "${state.handlingUnit}").`, { actorUnit: actor.unit, handlingUnit: state.handlingUnit ?? '' });
};

const attachMeta = (command: CaseCommand, state: CaseState, context: DecisionContext, decided: Decided): E.Either<Rejection, CaseEvent> => {
  const category = state.category ?? (decided.event.type === 'Submitted' ? String(decided.event.data['category']) : null);
  const { type, data } = decided.event;
  const deadlines = deadlineEffects(context.workflow, state, decided.event, category);
  const candidate = {
    type,
    data,
    meta: {
      occurredAt: context.now,
      actor: { id: context.actor.id, role: context.actor.role, unit: context.actor.unit },
      commandId: command.commandId,
      workflow: { id: context.workflow.id, version: context.workflow.version },
      deadlines,
    },
  };
  // Every event leaves the decider valid against its own codec, so the history can always be
  // read back. The metadata is valid by construction: `now`, the actor and the workflow passed
  // the same checks in `checkContext` (the workflow's deadline records once, when indexed) and
  // the command id was decoded; only the stopped clocks' names come from the state, and they
  // are checked here. Of the data, the fields copied from the decoded command were checked by
  // its codec; the fields the handler derived (see `derivedFields`) are checked here, each
  // with its field's codec (compiled by `fastIs`; checking the whole event cost half the
  // throughput). Anything that fails is decoded in full, for the errors.
  if (deadlines.stopped.every(isId) && derivedFieldsAreValid(type, data, derivedFields[command.type as ClosedCommandType])) return E.right(candidate as CaseEvent);
  const decodedEvent = decodeCaseEvent(candidate);
  if (E.isRight(decodedEvent)) return decodedEvent;
  return reject('InvalidInput', `The decided ${type} event does not satisfy its codec (${decodeErrorsMessage(decodedEvent.left)}); check the state and the directory given to decide.`, { reason: 'event codec' });
};

/** Whether each of `fields` of an event's data passes the codec of that field. */
const derivedFieldsAreValid = (type: CaseEventType, data: Readonly<Record<string, unknown>>, fields: readonly string[]): boolean => {
  if (fields.length === 0) return true;
  const props = eventDataProps[type];
  for (const field of fields) {
    const codec = props?.[field];
    if (codec === undefined || !fastIs(codec, data[field])) return false;
  }
  return true;
};

/** Whether one of the rows allows the handler's outcome (a row without an outcome allows any). */
const allowsOutcome = (rows: readonly Transition[], outcome: string | undefined): boolean => {
  for (const row of rows) if (row.outcome === undefined || row.outcome === outcome) return true;
  return false;
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
  if (!allowsOutcome(rows.right, decided.right.outcome)) {
    const allowedRoles = context.workflow.transitions.filter((r) => r.command === command.type && r.outcome === decided.right.outcome).flatMap((r) => r.roles);
    return reject('RoleNotAllowed', `A ${context.actor.role} may not ${command.type} with outcome ${decided.right.outcome ?? '-'} here; allowed roles: ${allowedRoles.join(', ')}.`, { command: command.type, role: context.actor.role, allowedRoles });
  }
  const event = attachMeta(command, state, context, decided.right);
  return E.isLeft(event) ? event : E.right([event.right]);
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
