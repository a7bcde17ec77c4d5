import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import type { CaseCommand } from '../commands/caseCommand.js';
import type { AnyCaseEvent, CaseEvent } from '../events/caseEvent.js';
import { decodeErrorsMessage } from '../values/decodeErrors.js';
import { decodeTagged } from '../values/decodeTagged.js';
import { holds } from '../workflow/condition.js';
import { workflowCodecs } from '../workflow/workflowCodecs.js';
import type { PublicStatus } from '../status/publicStatusLabels.js';
import { isSelfOrAbove } from '../jurisdictions/directory.js';
import { fastIs } from '../internal/fastIs.js';
import { Id, instantMillis } from '../values/values.js';
import { DEFAULT_BACKDATING_TOLERANCE_MS, type Transition, type Workflow, workflowLabel } from '../workflow/workflow.js';
import type { CaseState } from './caseState.js';
import { commandHandlers, derivedFields, type Decided } from './commandHandlers.js';
import { caseCommandCodecs } from '../commands/caseCommand.js';
import { caseEventCodecs } from '../events/caseEvent.js';
import { checkContext, type DecisionContext } from './decisionContext.js';
import { deadlineEffects } from './deadlineEffects.js';
import { type WorkflowIndex, workflowIndex } from './workflowIndex.js';
import { type CoreRejection, type GuardRejection, type Rejection, reject } from './rejection.js';

/** A command of the shared lifecycle, or one a workflow adds (`{ type, commandId, caseId, ...payload }`). */
export type AnyCaseCommand = CaseCommand | { readonly type: string; readonly commandId: string; readonly caseId: string; readonly [field: string]: unknown };

const isId = (value: string): boolean => Id.is(value);

/** The answer of a check that passed (one shared object: checks run on every command). */
const PASSED: E.Either<never, void> = E.right(undefined);

/** `a` < `b` for ISO instants: a string comparison when both have the canonical 24-character form. */
const isBefore = (a: string, b: string): boolean => (a.length === 24 && b.length === 24 ? a < b : instantMillis(a) < instantMillis(b));

const checkCase = (command: AnyCaseCommand, state: CaseState, context: DecisionContext): E.Either<Rejection, void> => {
  if (state.stage === 'new') {
    return command.type === 'Submit' ? PASSED : reject('CaseNotFound', `Case "${command.caseId}" has no history yet; submit it first.`, { caseId: command.caseId });
  }
  if (command.type === 'Submit') return reject('CaseAlreadyExists', `Case "${command.caseId}" already exists; use a new case id.`, { caseId: command.caseId });
  if (state.caseId !== command.caseId) {
    return reject('CaseMismatch', `The command names case "${command.caseId}" but the state is case "${state.caseId}".`, { caseId: command.caseId, stateCaseId: state.caseId ?? '' });
  }
  const own = state.workflow;
  const given = context.workflow;
  if (own && (own.id !== given.id || own.version !== given.version) && workflowLabel(own) !== workflowLabel(given)) {
    return reject('WorkflowMismatch', `Case "${command.caseId}" runs under workflow ${workflowLabel(own)}; decide it with that version, not ${workflowLabel(given)}.`, {
      caseWorkflow: workflowLabel(own),
      givenWorkflow: workflowLabel(given),
    });
  }
  if (state.lastEventAt !== null && isBefore(context.now, state.lastEventAt)) {
    return reject('TimeWentBackwards', `now (${context.now}) is before the case's last event (${state.lastEventAt}); check the caller's clock.`, { now: context.now, lastEventAt: state.lastEventAt });
  }
  return PASSED;
};

const allowedTransitions = (command: AnyCaseCommand, state: CaseState, context: DecisionContext, index: WorkflowIndex): E.Either<Rejection, readonly Transition[]> => {
  const byStage = index.transitions.get(command.type);
  const byRole = byStage?.get(state.stage);
  if (byRole === undefined) {
    const allowedStages = [...(byStage?.keys() ?? [])];
    return reject('NotAllowedInStage', `${command.type} is not allowed while the case is ${state.stage}; it is allowed in: ${allowedStages.join(', ') || 'no stage'}.`, {
      command: command.type,
      stage: state.stage,
      allowedStages,
    });
  }
  const role = context.actor.role;
  const forRole = byRole.get(role);
  if (forRole === undefined) {
    const allowedRoles = [...byRole.keys()];
    return reject('RoleNotAllowed', `A ${role} may not ${command.type} here; allowed roles: ${allowedRoles.join(', ')}.`, { command: command.type, role, allowedRoles });
  }
  return E.right(forRole);
};

/**
 * Whether the actor may act on this case: staff for a unit that holds, owns or supervises it;
 * a citizen only as one of its applicants; an external actor (a notary) always.
 */
const checkActor = (command: AnyCaseCommand, state: CaseState, context: DecisionContext, index: WorkflowIndex): E.Either<CoreRejection, void> => {
  const { actor, directory } = context;
  if (command.type === 'Submit') return PASSED;
  const scope = index.roles.get(actor.role)?.scope;
  if (scope === 'external') return PASSED;
  if (scope === 'citizen') {
    return state.applicants.includes(actor.id)
      ? PASSED
      : reject('NotAParty', `Citizen "${actor.id}" is not an applicant of case "${command.caseId}"; a citizen acts only on their own cases (their actor id is their subject id).`, {
          actorId: actor.id,
        });
  }
  const ok = (state.handlingUnit !== null && isSelfOrAbove(directory, state.handlingUnit, actor.unit)) || (state.owner !== null && isSelfOrAbove(directory, state.owner, actor.unit));
  return ok
    ? PASSED
    : reject('NotResponsibleUnit', `Unit "${actor.unit}" neither holds, owns nor supervises this case (held by "${state.handlingUnit}").`, {
        actorUnit: actor.unit,
        handlingUnit: state.handlingUnit ?? '',
      });
};

/**
 * Whether the workflow's backdating policy lets this actor date the fact `now` when it is
 * recorded at `recordedAt`: anyone up to `toleranceMs` before, the policy's roles up to
 * `maxMs`. Without a policy or a recording time, any date passes.
 */
const checkBackdating = (context: DecisionContext): E.Either<CoreRejection, void> => {
  const policy = context.workflow.backdating;
  const { recordedAt, now } = context;
  if (policy === undefined || recordedAt === undefined) return PASSED;
  const backdatedByMs = instantMillis(recordedAt) - instantMillis(now);
  const tolerance = policy.toleranceMs ?? DEFAULT_BACKDATING_TOLERANCE_MS;
  if (backdatedByMs <= tolerance) return PASSED;
  const role = context.actor.role;
  const allowedMs = policy.roles.includes(role) ? policy.maxMs : tolerance;
  if (backdatedByMs <= allowedMs) return PASSED;
  const who = policy.roles.length === 0 ? 'no role may' : `only ${policy.roles.join(', ')} may`;
  return reject(
    'BackdatingNotAllowed',
    `The fact is dated ${now}, ${backdatedByMs} ms before it is recorded (${recordedAt}); workflow ${workflowLabel(context.workflow)} lets the role ${role} date a fact at most ${allowedMs} ms back (${who} go up to ${policy.maxMs} ms). ` +
      'Record it with the time it is recorded, or have a role the policy allows record it.',
    { occurredAt: now, recordedAt, backdatedByMs, allowedMs, role, mayBackdate: policy.roles },
  );
};

/** The public status of `stage`, for a case that closed (if it did) with `outcome`. */
const statusOf = (index: WorkflowIndex, stage: string, outcome: string | null): PublicStatus => {
  const status = index.stages.get(stage)?.status ?? 'pending';
  return typeof status === 'string' ? status : ((outcome === null ? undefined : status.byOutcome[outcome]) ?? status.otherwise);
};

const attachMeta = (command: AnyCaseCommand, state: CaseState, context: DecisionContext, index: WorkflowIndex, decided: Decided, row: Transition): E.Either<CoreRejection, AnyCaseEvent> => {
  const category = state.category ?? (decided.event.type === 'Submitted' ? String(decided.event.data['category']) : null);
  const { type, data } = decided.event;
  const deadlines = deadlineEffects(context.workflow, state, decided.event, category);
  const stage = row.to === 'same' ? state.stage : row.to;
  const outcome = type === 'Closed' ? String(data['outcome']) : (state.closure?.outcome ?? null);
  const candidate = {
    type,
    data,
    meta: {
      occurredAt: context.now,
      actor: { id: context.actor.id, role: context.actor.role, unit: context.actor.unit },
      commandId: command.commandId,
      workflow: { id: context.workflow.id, version: context.workflow.version },
      deadlines,
      stage,
      status: statusOf(index, stage, outcome),
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
  if (deadlines.stopped.every(isId) && derivedFieldsAreValid(command.type, type, data)) return E.right(candidate as CaseEvent);
  const decodedEvent = decodeTagged(workflowCodecs(context.workflow).events, 'event', candidate);
  if (E.isRight(decodedEvent)) return decodedEvent as E.Right<AnyCaseEvent>;
  return reject('InvalidInput', `The decided ${type} event does not satisfy its codec (${decodeErrorsMessage(decodedEvent.left)}); check the state and the directory given to decide.`, {
    reason: 'event codec',
  });
};

/** The codec of one field of a struct codec (looking into intersections), if it has one. */
const fieldCodec = (codec: t.Mixed, field: string): t.Mixed | undefined => {
  const struct = codec as Partial<t.InterfaceType<t.Props>> & Partial<t.IntersectionType<t.Mixed[]>>;
  if (struct.props !== undefined) return struct.props[field];
  for (const member of struct.types ?? []) {
    const found = fieldCodec(member, field);
    if (found !== undefined) return found;
  }
  return undefined;
};

/**
 * The codec of each field a handler derives (see `derivedFields`), by shared-lifecycle event
 * type and field: built once, so that a decision reads two maps instead of walking the
 * event's codec for every derived field.
 */
const DERIVED_FIELD_CODECS: ReadonlyMap<string, ReadonlyMap<string, t.Mixed>> = (() => {
  const fields = [...new Set(Object.values(derivedFields).flat())];
  return new Map(
    Object.entries(caseEventCodecs).map(([type, codec]) => {
      const dataCodec = (codec as t.Mixed as t.InterfaceType<t.Props>).props['data'] as t.Mixed;
      return [
        type,
        new Map(
          fields.flatMap((field) => {
            const found = fieldCodec(dataCodec, field);
            return found === undefined ? [] : [[field, found] as const];
          }),
        ),
      ] as const;
    }),
  );
})();

/** Whether each field the handler of `command` derived passes the codec of that field in a shared-lifecycle event of type `type`. */
const derivedFieldsAreValid = (command: string, type: string, data: Readonly<Record<string, unknown>>): boolean => {
  const codecs = DERIVED_FIELD_CODECS.get(type);
  // A workflow's own event: its data is the decoded payload, nothing derived.
  if (codecs === undefined || !Object.hasOwn(derivedFields, command)) return true;
  for (const field of derivedFields[command as CaseCommand['type']]) {
    const codec = codecs.get(field);
    if (codec === undefined || !fastIs(codec, data[field])) return false;
  }
  return true;
};

/** The first guard of the workflow that refuses the command, as its rejection. */
const checkGuards = (command: AnyCaseCommand, state: CaseState, context: DecisionContext, index: WorkflowIndex): E.Either<GuardRejection<string>, void> => {
  const guards = index.guards.get(command.type);
  if (guards === undefined) return PASSED;
  const scope = { command, state, actor: context.actor, known: context.known };
  for (const guard of guards) {
    if (guard.when !== undefined && !holds(guard.when, scope)) continue;
    if (!holds(guard.require, scope)) return E.left({ code: guard.rejection.code, message: guard.rejection.message, guard: guard.id, workflow: workflowLabel(context.workflow) });
  }
  return PASSED;
};

/** A command the workflow adds: its event's data is the decoded payload. */
const workflowCommand = (command: AnyCaseCommand, context: DecisionContext): Decided => {
  const definition = context.workflow.commands?.[command.type];
  const { type: _type, commandId: _commandId, caseId: _caseId, ...data } = command as Record<string, unknown>;
  const outcomeField = definition?.outcome;
  const event = { type: definition?.emits ?? command.type, data };
  return outcomeField === undefined ? { event } : { event, outcome: String(data[outcomeField]) };
};

/** The row that allows the handler's outcome (a row without an outcome allows any), if one does. */
const rowFor = (rows: readonly Transition[], outcome: string | undefined): Transition | undefined => {
  for (const row of rows) if (row.outcome === undefined || row.outcome === outcome) return row;
  return undefined;
};

/**
 * Decodes a command for a workflow: the shared lifecycle's commands and the workflow's own.
 * Total: anything else is a `MalformedCommand` rejection naming the failing fields.
 */
export const decodeCommand = (workflow: Workflow, input: unknown): E.Either<CoreRejection, AnyCaseCommand> => decodeWith(workflowIndex(workflow), input);

const decodeWith = (index: WorkflowIndex, input: unknown): E.Either<CoreRejection, AnyCaseCommand> => {
  const codecs = index.commandCodecs;
  const decoded = decodeTagged(codecs, 'command', input);
  return E.isLeft(decoded) ? reject('MalformedCommand', `The command is malformed: ${decodeErrorsMessage(decoded.left)}.`, { errors: decoded.left }) : (decoded as E.Right<AnyCaseCommand>);
};

const decideChecked = (input: unknown, state: CaseState, contextInput: unknown): E.Either<Rejection<string>, readonly AnyCaseEvent[]> => {
  // Written as early returns rather than a pipe of binds: this is the hot path of every command.
  const checkedContext = checkContext(contextInput);
  if (E.isLeft(checkedContext)) {
    // A malformed command is named first, as it was before the workflow chose the codecs.
    const decoded = decodeTagged(caseCommandCodecs, 'command', input);
    return E.isLeft(decoded) ? reject('MalformedCommand', `The command is malformed: ${decodeErrorsMessage(decoded.left)}.`, { errors: decoded.left }) : checkedContext;
  }
  const context = checkedContext.right;
  // One index lookup per decision (a WeakMap get each time costs): checkContext refused a workflow with problems.
  const index = workflowIndex(context.workflow);
  const decoded = decodeWith(index, input);
  if (E.isLeft(decoded)) return decoded;
  const command = decoded.right;
  const caseCheck = checkCase(command, state, context);
  if (E.isLeft(caseCheck)) return caseCheck;
  const rows = allowedTransitions(command, state, context, index);
  if (E.isLeft(rows)) return rows;
  const actorCheck = checkActor(command, state, context, index);
  if (E.isLeft(actorCheck)) return actorCheck;
  const backdatingCheck = checkBackdating(context);
  if (E.isLeft(backdatingCheck)) return backdatingCheck;
  const guardCheck = checkGuards(command, state, context, index);
  if (E.isLeft(guardCheck)) return guardCheck;
  const decided = isLifecycleCommand(command) ? commandHandlers(command, state, context) : E.right(workflowCommand(command, context));
  if (E.isLeft(decided)) return decided;
  const row = rowFor(rows.right, decided.right.outcome);
  if (row === undefined) {
    const allowedRoles = context.workflow.transitions.filter((r) => r.command === command.type && r.outcome === decided.right.outcome).flatMap((r) => r.roles);
    return reject('RoleNotAllowed', `A ${context.actor.role} may not ${command.type} with outcome ${decided.right.outcome ?? '-'} here; allowed roles: ${allowedRoles.join(', ')}.`, {
      command: command.type,
      role: context.actor.role,
      allowedRoles,
    });
  }
  const event = attachMeta(command, state, context, index, decided.right, row);
  return E.isLeft(event) ? event : E.right([event.right]);
};

const isLifecycleCommand = (command: AnyCaseCommand): command is CaseCommand => Object.hasOwn(caseCommandCodecs, command.type);

/**
 * Decides a command against a case state under the context's workflow: the events to
 * append, or a typed rejection (the core's, or one a workflow guard declares). Pure and
 * total: it never throws and reads no clock (time, actor, directory and workflow come in the
 * context). Its parameters are typed for callers that hold decoded values; it checks them
 * again all the same (with the codecs' compiled checks, which cost little on valid input),
 * so a command built in code can never write an invalid event. For input from outside
 * (JSON, a queue), use {@link decideInput}.
 */
export const decide = (command: AnyCaseCommand, state: CaseState, context: DecisionContext): E.Either<Rejection<string>, readonly AnyCaseEvent[]> => decideInput(command, state, context);

/**
 * {@link decide} for input that has not been decoded: the untyped edge (a command handler,
 * an HTTP service, an import). Decodes the command with the workflow's codecs and checks
 * the context, then decides; anything malformed is a `MalformedCommand` or `InvalidContext`
 * rejection naming the fields, never a throw.
 */
export const decideInput = (command: unknown, state: CaseState, context: unknown): E.Either<Rejection<string>, readonly AnyCaseEvent[]> => {
  try {
    return decideChecked(command, state, context);
  } catch (error) {
    return reject('InvalidInput', `The decider could not inspect its input (${error instanceof Error ? error.message : String(error)}); pass a decoded state and a context.`, {
      reason: String(error),
    });
  }
};
