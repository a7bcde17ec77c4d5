import type * as t from 'io-ts';
import * as E from 'fp-ts/lib/Either.js';
import { StartedDeadline } from '../events/eventMeta.js';
import { type FieldError, formatDecodeErrors } from '../values/decodeErrors.js';
import { decodeFast } from '../internal/decodeFast.js';
import { checkWorkflow } from '../workflow/checkWorkflow.js';
import { workflowCodecs } from '../workflow/workflowCodecs.js';
import type { DeadlineRule, Guard, RoleDefinition, StageDefinition, Transition, Workflow } from '../workflow/workflow.js';

/**
 * A workflow's rules arranged for the decider's per-command lookups, built once per
 * workflow object: the decider reads these maps instead of filtering the rule lists on
 * every command. Workflows are data that is never changed after it is built.
 */
export interface WorkflowIndex {
  /** Transition rows by command, then by a stage they leave from, then by a role allowed to run them. */
  readonly transitions: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, readonly Transition[]>>>;
  /**
   * Deadline rules by the event type that starts them, each with the started-deadline record
   * events carry: one frozen object per rule, shared by every event that starts it.
   */
  readonly startedBy: ReadonlyMap<string, readonly StartingRule[]>;
  /** Deadline rules by id. */
  readonly deadlines: ReadonlyMap<string, DeadlineRule>;
  /** Stages by id. */
  readonly stages: ReadonlyMap<string, StageDefinition>;
  /** Roles by id. */
  readonly roles: ReadonlyMap<string, RoleDefinition>;
  /** Guards by the command they check. */
  readonly guards: ReadonlyMap<string, readonly Guard[]>;
  /** Every command codec (the shared lifecycle's and the workflow's own) by type. */
  readonly commandCodecs: Readonly<Record<string, t.Mixed>>;
  /**
   * What is wrong with the workflow (see `checkWorkflow`), and deadline rules whose
   * started-deadline record would not pass the events' codec (checked here once, so decided
   * events carry only valid records); the decider refuses such a workflow.
   */
  readonly problems: readonly FieldError[];
}

/** A deadline rule with the record an event that starts it carries. */
export interface StartingRule {
  readonly rule: DeadlineRule;
  readonly started: StartedDeadline;
}

const indexes = new WeakMap<Workflow, WorkflowIndex>();

/** The entry of `map` under `key`, added by `create` when missing. */
const entry = <K, V>(map: Map<K, V>, key: K, create: () => V): V => {
  const found = map.get(key);
  if (found !== undefined) return found;
  const made = create();
  map.set(key, made);
  return made;
};

const build = (workflow: Workflow): WorkflowIndex => {
  const problems: FieldError[] = [...checkWorkflow(workflow)];
  if (problems.length > 0) {
    return { transitions: new Map(), startedBy: new Map(), deadlines: new Map(), stages: new Map(), roles: new Map(), guards: new Map(), commandCodecs: {}, problems };
  }
  const transitions = new Map<string, Map<string, Map<string, Transition[]>>>();
  for (const row of workflow.transitions) {
    const byStage = entry(transitions, row.command, () => new Map<string, Map<string, Transition[]>>());
    for (const stage of row.from) {
      const byRole = entry(byStage, stage, () => new Map<string, Transition[]>());
      for (const role of row.roles) entry(byRole, role, () => []).push(row);
    }
  }
  const startedBy = new Map<string, StartingRule[]>();
  const deadlines = new Map<string, DeadlineRule>();
  workflow.deadlines.forEach((rule, i) => {
    const started = Object.freeze({ rule: rule.id, label: rule.label, basis: rule.basis, amount: rule.amount, unit: rule.unit, maxExtension: rule.maxExtension });
    const checked = decodeFast(StartedDeadline, started);
    if (E.isLeft(checked)) for (const error of formatDecodeErrors(checked.left)) problems.push({ path: `workflow.deadlines.${i}.${error.path}`, message: error.message });
    entry(startedBy, rule.startsOn.type, () => []).push({ rule, started });
    if (!deadlines.has(rule.id)) deadlines.set(rule.id, rule);
  });
  const guards = new Map<string, Guard[]>();
  for (const guard of workflow.guards ?? []) for (const command of guard.commands) entry(guards, command, () => []).push(guard);
  return {
    transitions,
    startedBy,
    deadlines,
    stages: new Map(workflow.stages.map((stage) => [stage.id, stage])),
    roles: new Map(workflow.roles.map((role) => [role.id, role])),
    guards,
    commandCodecs: workflowCodecs(workflow).commands,
    problems,
  };
};

/** The index of `workflow`, built on first use and kept as long as the workflow object lives. */
export const workflowIndex = (workflow: Workflow): WorkflowIndex => {
  const found = indexes.get(workflow);
  if (found !== undefined) return found;
  const built = build(workflow);
  indexes.set(workflow, built);
  return built;
};
