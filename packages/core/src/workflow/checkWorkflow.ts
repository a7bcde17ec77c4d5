import { caseCommandCodecs } from '../commands/caseCommand.js';
import { caseEventCodecs } from '../events/caseEvent.js';
import { TERRITORIAL_LEVELS } from '../jurisdictions/unit.js';
import { PUBLIC_STATUSES } from '../status/publicStatusLabels.js';
import type { RejectionCode } from '../decider/rejection.js';
import type { FieldError } from '../values/decodeErrors.js';
import { Id } from '../values/values.js';
import { type Condition, splitPath } from './condition.js';
import { DEFAULT_BACKDATING_TOLERANCE_MS, NEW_STAGE, type StageStatus, type Workflow } from './workflow.js';

/** Each rejection code the core itself gives, once: the compiler checks this against `RejectionDetails`. */
const CORE_CODES: { readonly [K in RejectionCode]: true } = {
  MalformedCommand: true,
  InvalidContext: true,
  InvalidValue: true,
  CaseNotFound: true,
  CaseAlreadyExists: true,
  CaseMismatch: true,
  WorkflowMismatch: true,
  TimeWentBackwards: true,
  BackdatingNotAllowed: true,
  NotAllowedInStage: true,
  RoleNotAllowed: true,
  NotResponsibleUnit: true,
  NotAParty: true,
  UnknownUnit: true,
  UnitOutOfReach: true,
  NotCompetent: true,
  EscalationNotPossible: true,
  EscalationMustGoOneLevelUp: true,
  NothingToReturn: true,
  CallbackRequired: true,
  NotarizationNeedsWrittenPaymentAgreement: true,
  ReferralNotAllowed: true,
  DeadlineNotRunning: true,
  ExtensionExceedsLimit: true,
  ClockAlreadyPaused: true,
  ClockNotPaused: true,
  SupervisionNotRaised: true,
  InvalidInput: true,
};

/** Rejection codes the core itself gives; a guard declares codes of its own. */
export const CORE_REJECTION_CODES: ReadonlySet<string> = new Set(Object.keys(CORE_CODES));

const SCOPES: ReadonlySet<string> = new Set(['staff', 'citizen', 'external']);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isList = (value: unknown): value is readonly unknown[] => Array.isArray(value);
const isCodec = (value: unknown): boolean => isObject(value) && typeof value['decode'] === 'function' && typeof value['is'] === 'function';

const statusProblem = (status: StageStatus | unknown): string | null => {
  if (typeof status === 'string') return PUBLIC_STATUSES.includes(status as never) ? null : `"${status}" is not a public status (${PUBLIC_STATUSES.join(', ')})`;
  if (!isObject(status) || !isObject(status['byOutcome']) || typeof status['otherwise'] !== 'string') return 'expected a public status or { byOutcome, otherwise }';
  const all = [...Object.values(status['byOutcome']), status['otherwise']];
  const bad = all.find((s) => !PUBLIC_STATUSES.includes(s as never));
  return bad === undefined ? null : `${JSON.stringify(bad)} is not a public status`;
};

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const isScalar = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** What a condition names: the roles it asks for and the paths it reads. */
interface Named {
  readonly roles: readonly string[];
  readonly paths: readonly string[];
}

/** The names of every part together, or `null` when a part is not well-formed. */
const merged = (parts: readonly (Named | null)[]): Named | null =>
  parts.includes(null) ? null : { roles: parts.flatMap((part) => part?.roles ?? []), paths: parts.flatMap((part) => part?.paths ?? []) };

/** The paths a well-formed operand reads (`{ path }`, `{ value }` or `{ sum }` of operands), or `null` when it is not one. */
const operandNames = (o: unknown): Named | null => {
  if (!isObject(o)) return null;
  if ('path' in o) return typeof o['path'] === 'string' ? { roles: [], paths: [o['path']] } : null;
  if ('value' in o) return isScalar(o['value']) ? { roles: [], paths: [] } : null;
  return 'sum' in o && isList(o['sum']) ? merged(o['sum'].map(operandNames)) : null;
};

/**
 * The roles and paths a condition names, in one walk; `null` when it is not a well-formed
 * condition (an unknown shape, a comparison operator or an operand that is not one).
 */
const conditionNames = (c: unknown): Named | null => {
  if (!isObject(c)) return null;
  if ('all' in c) return isList(c['all']) ? merged(c['all'].map(conditionNames)) : null;
  if ('any' in c) return isList(c['any']) ? merged(c['any'].map(conditionNames)) : null;
  if ('not' in c) return conditionNames(c['not']);
  if ('actorRole' in c) return isList(c['actorRole']) ? { roles: c['actorRole'].map(String), paths: [] } : null;
  const compare = c['compare'];
  if ('compare' in c) return isList(compare) && compare.length === 3 && COMPARISONS.has(compare[1] as string) ? merged([operandNames(compare[0]), operandNames(compare[2])]) : null;
  const oneOf = c['oneOf'];
  if ('oneOf' in c) return isList(oneOf) && oneOf.length === 2 && isList(oneOf[1]) && oneOf[1].every(isScalar) ? operandNames(oneOf[0]) : null;
  const known = c['known'];
  if ('known' in c) return isList(known) && known.length === 2 && Id.is(known[0]) ? operandNames(known[1]) : null;
  return null;
};

const conditionProblems = (condition: Condition, path: string, roles: ReadonlySet<string>): FieldError[] => {
  const named = conditionNames(condition);
  if (named === null) {
    return [
      {
        path,
        message:
          'expected a condition: { all }, { any }, { not }, { compare: [operand, op, operand] }, { oneOf: [operand, values] }, { actorRole } or { known: [setName, operand] }, where an operand is { path }, { value } or { sum }',
      },
    ];
  }
  return [
    ...named.paths.filter((p) => splitPath(p) === null).map((p) => ({ path, message: `path "${p}" must start at command, state or actor and have no empty segment` })),
    ...named.roles.filter((role) => !roles.has(role)).map((role) => ({ path, message: `role "${role}" is not a role of the workflow` })),
  ];
};

const isDurationMs = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** What is wrong with a backdating policy, by path under the workflow. */
const backdatingProblems = (policy: unknown, roles: ReadonlySet<string>): FieldError[] => {
  if (!isObject(policy)) return [{ path: 'backdating', message: 'expected { maxMs, roles, toleranceMs? }' }];
  const problems: FieldError[] = [];
  const { toleranceMs, maxMs } = policy;
  if (!isDurationMs(maxMs)) problems.push({ path: 'backdating.maxMs', message: 'expected a whole number of milliseconds ≥ 0' });
  if (toleranceMs !== undefined && !isDurationMs(toleranceMs)) problems.push({ path: 'backdating.toleranceMs', message: 'expected a whole number of milliseconds ≥ 0' });
  else if (isDurationMs(maxMs) && (toleranceMs ?? DEFAULT_BACKDATING_TOLERANCE_MS) > maxMs)
    problems.push({
      path: 'backdating.maxMs',
      message: `expected at least toleranceMs (${toleranceMs ?? DEFAULT_BACKDATING_TOLERANCE_MS} ms): the listed roles may backdate at least as far as anyone`,
    });
  if (!isList(policy['roles'])) problems.push({ path: 'backdating.roles', message: 'expected a list of roles (empty: nobody may backdate beyond toleranceMs)' });
  else for (const role of policy['roles']) if (!roles.has(role as string)) problems.push({ path: 'backdating.roles', message: `unknown role "${String(role)}"` });
  return problems;
};

/**
 * Every problem with a workflow definition, by field path (empty when it is usable): unknown
 * stages, roles, commands and events in transitions, guards and deadlines; transitions out of
 * terminal stages; guard paths that cannot be read; rejection codes that clash with the
 * core's; commands or events that clash with the shared lifecycle's. Pure and total.
 */
export const checkWorkflow = (workflow: Workflow): readonly FieldError[] => {
  const problems: FieldError[] = [];
  const add = (path: string, message: string): void => void problems.push({ path: `workflow.${path}`, message });
  if (!isObject(workflow)) return [{ path: 'workflow', message: 'expected a Workflow object' }];
  if (!Id.is(workflow.id)) add('id', 'expected an id');
  if (typeof workflow.version !== 'number' || !Number.isSafeInteger(workflow.version) || workflow.version < 1) add('version', 'expected a whole number ≥ 1');
  if (!isList(workflow.stages) || workflow.stages.length === 0) return [...problems, { path: 'workflow.stages', message: 'expected a non-empty list of stages' }];
  if (!isList(workflow.roles) || workflow.roles.length === 0) return [...problems, { path: 'workflow.roles', message: 'expected a non-empty list of roles' }];
  if (!isList(workflow.transitions)) return [...problems, { path: 'workflow.transitions', message: 'expected a list of transitions' }];

  const stages = new Map<string, boolean>();
  workflow.stages.forEach((stage, i) => {
    if (!isObject(stage) || !Id.is(stage.id) || stage.id === NEW_STAGE || stage.id === 'same') return add(`stages.${i}.id`, `expected an id other than "${NEW_STAGE}" and "same"`);
    if (stages.has(stage.id)) add(`stages.${i}.id`, `stage "${stage.id}" is declared twice`);
    const status = statusProblem(stage.status);
    if (status !== null) add(`stages.${i}.status`, status);
    stages.set(stage.id, stage.terminal === true);
  });
  const roles = new Set<string>();
  workflow.roles.forEach((role, i) => {
    if (!isObject(role) || !Id.is(role.id)) return add(`roles.${i}.id`, 'expected an id');
    if (roles.has(role.id)) add(`roles.${i}.id`, `role "${role.id}" is declared twice`);
    if (!SCOPES.has(role.scope)) add(`roles.${i}.scope`, 'expected staff, citizen or external');
    roles.add(role.id);
  });

  const commands = new Set<string>(Object.keys(caseCommandCodecs));
  const events = new Set<string>(Object.keys(caseEventCodecs));
  if (workflow.commands !== undefined && !isObject(workflow.commands)) add('commands', 'expected { CommandType: { payload, emits } }');
  const own = isObject(workflow.commands) ? workflow.commands : {};
  for (const [type, command] of Object.entries(own)) {
    const where = `commands.${type}`;
    if (!Id.is(type)) add(where, 'a command type must be an id');
    if (Object.hasOwn(caseCommandCodecs, type)) add(where, `"${type}" is a command of the shared lifecycle; give the workflow's own command another name`);
    if (!isObject(command) || !isObject(command.payload)) {
      add(`${where}.payload`, 'expected io-ts props ({ field: codec })');
      continue;
    }
    for (const [field, codec] of Object.entries(command.payload)) {
      if (!isCodec(codec)) add(`${where}.payload.${field}`, 'expected an io-ts codec');
      if (field === 'type' || field === 'commandId' || field === 'caseId') add(`${where}.payload.${field}`, "type, commandId and caseId are every command's own fields");
    }
    if (!Id.is(command.emits)) add(`${where}.emits`, 'expected the type of the event it records');
    else if (Object.hasOwn(caseEventCodecs, command.emits)) add(`${where}.emits`, `"${command.emits}" is an event of the shared lifecycle; the workflow's own commands record events of their own`);
    if (command.outcome !== undefined && !Object.hasOwn(command.payload, command.outcome)) add(`${where}.outcome`, `"${command.outcome}" is not a payload field`);
    commands.add(type);
    events.add(command.emits);
  }

  workflow.transitions.forEach((row, i) => {
    const where = `transitions.${i}`;
    if (!isObject(row)) return add(where, 'expected { command, from, to, roles }');
    if (!commands.has(row.command)) add(`${where}.command`, `unknown command "${row.command}"`);
    if (!isList(row.from) || row.from.length === 0) add(`${where}.from`, 'expected a non-empty list of stages');
    else
      for (const from of row.from) {
        if (from === NEW_STAGE) {
          if (row.command !== 'Submit') add(`${where}.from`, `only Submit starts from "${NEW_STAGE}"`);
        } else if (!stages.has(from)) add(`${where}.from`, `unknown stage "${from}"`);
        else if (stages.get(from) === true) add(`${where}.from`, `stage "${from}" is terminal: no command leaves it`);
      }
    if (row.to !== 'same' && !stages.has(row.to)) add(`${where}.to`, `unknown stage "${row.to}"`);
    if (!isList(row.roles)) add(`${where}.roles`, 'expected a list of roles');
    else for (const role of row.roles) if (!roles.has(role)) add(`${where}.roles`, `unknown role "${role}"`);
  });

  const guardIds = new Set<string>();
  if (workflow.guards !== undefined && !isList(workflow.guards)) add('guards', 'expected a list of guards');
  (isList(workflow.guards) ? workflow.guards : []).forEach((guard, i) => {
    const where = `guards.${i}`;
    if (!isObject(guard) || !Id.is(guard.id)) return add(`${where}.id`, 'expected an id');
    if (guardIds.has(guard.id)) add(`${where}.id`, `guard "${guard.id}" is declared twice`);
    guardIds.add(guard.id);
    if (!isList(guard.commands)) add(`${where}.commands`, 'expected a list of commands');
    else for (const command of guard.commands) if (!commands.has(command)) add(`${where}.commands`, `unknown command "${command}"`);
    const code = isObject(guard.rejection) ? guard.rejection.code : undefined;
    if (!Id.is(code) || !/^[A-Za-z][A-Za-z0-9]*$/.test(code)) add(`${where}.rejection.code`, 'expected a code of letters and digits, e.g. DirectorApprovalRequired');
    else if (CORE_REJECTION_CODES.has(code)) add(`${where}.rejection.code`, `"${code}" is a rejection code of the core; declare a code of the workflow's own`);
    if (!isObject(guard.rejection) || typeof guard.rejection.message !== 'string' || guard.rejection.message.trim() === '')
      add(`${where}.rejection.message`, 'expected a message saying what was wrong and what to do');
    if (guard.when !== undefined) problems.push(...conditionProblems(guard.when, `workflow.${where}.when`, roles));
    problems.push(...conditionProblems(guard.require, `workflow.${where}.require`, roles));
  });

  (isList(workflow.deadlines) ? workflow.deadlines : []).forEach((rule, i) => {
    if (!isObject(rule)) return add(`deadlines.${i}`, 'expected a deadline rule');
    if (!isObject(rule.startsOn) || !events.has(rule.startsOn.type)) add(`deadlines.${i}.startsOn`, `unknown event "${String((rule.startsOn as { type?: unknown } | undefined)?.type)}"`);
    (isList(rule.stopsOn) ? rule.stopsOn : []).forEach((match, j) => {
      if (!isObject(match) || !events.has(match.type)) add(`deadlines.${i}.stopsOn.${j}`, `unknown event "${String((match as { type?: unknown } | undefined)?.type)}"`);
    });
  });
  for (const field of ['closeRequiresCallback', 'closingOutcomes', 'competence'] as const) {
    const value: unknown = workflow[field];
    if (value === undefined) continue;
    if (!isObject(value)) add(field, 'expected an object');
    else if (field !== 'competence') for (const stage of Object.keys(value)) if (!stages.has(stage)) add(`${field}.${stage}`, `unknown stage "${stage}"`);
  }
  if (workflow.escalationCeiling !== undefined && !TERRITORIAL_LEVELS.includes(workflow.escalationCeiling)) add('escalationCeiling', `expected one of ${TERRITORIAL_LEVELS.join(', ')}`);
  if (workflow.backdating !== undefined) backdatingProblems(workflow.backdating, roles).forEach(({ path, message }) => add(path, message));
  return problems;
};
