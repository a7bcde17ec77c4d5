import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../events/eventMeta.js';
import type { JurisdictionDirectory } from '../jurisdictions/directory.js';
import { type FieldError, decodeErrorsMessage } from '../values/decodeErrors.js';
import { Id, instantMillis } from '../values/values.js';
import type { Workflow } from '../workflow/workflow.js';
import { type Rejection, rejection } from './rejection.js';
import { workflowIndex } from './workflowIndex.js';

/** What a decision needs besides the command and the state: time and ids come in from outside. */
export interface DecisionContext {
  /** The decision's time (ISO-8601 UTC); it becomes the events' `occurredAt`. */
  readonly now: string;
  /**
   * When the decision is recorded (ISO-8601 UTC): the command handler's clock, which becomes
   * the events' `recordedAt`. `now` lying before it is a backdated fact, which the workflow's
   * `backdating` policy may refuse. Absent: the fact is not backdated (`now` is the recording time).
   */
  readonly recordedAt?: string;
  readonly actor: Actor;
  readonly directory: JurisdictionDirectory;
  readonly workflow: Workflow;
  /**
   * Named sets of keys the embedding system looked up for this command, from outside the case
   * (e.g. `finalPetitionMatters`: the matter keys of petitions that reached finality, for a
   * guard across cases). Guards read them with `{ known: [set, operand] }`; an absent set is empty.
   */
  readonly known?: Readonly<Record<string, readonly string[]>>;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
/** The actor's and the workflow's ids go into every event's metadata, so they must pass the events' `Id` codec. */
const isId = (value: unknown): value is string => Id.is(value);
const ID_MESSAGE = 'expected an id: non-empty, no surrounding spaces, at most 200 characters';
/**
 * Whether the actor's unit is one of the directory's units (the directory itself being
 * usable). An external actor (a notary) acts for a body outside the jurisdiction directory.
 */
const unitKnown = (directory: unknown, scope: string | undefined, unit: string): boolean => scope === 'external' || (directory as { units: ReadonlyMap<string, unknown> }).units.has(unit);

/** The scope of a role in a workflow (`undefined` when the workflow does not declare the role). */
const scopeOf = (workflow: unknown, role: unknown): string | undefined => {
  const roles = (workflow as { roles?: unknown } | null)?.roles;
  if (!Array.isArray(roles) || typeof role !== 'string') return undefined;
  const found = (roles as readonly unknown[]).find((r) => (r as { id?: unknown } | null)?.id === role) as { scope?: unknown } | undefined;
  return typeof found?.scope === 'string' ? found.scope : undefined;
};
const roleNames = (workflow: unknown): string => {
  const roles = (workflow as { roles?: unknown } | null)?.roles;
  return Array.isArray(roles) ? roles.map((r: { id?: unknown }) => String(r?.id)).join(', ') : '(the workflow has no roles)';
};

/** Whether `known` is absent or a record of lists of strings (checked on every command: no allocation). */
const knownIsUsable = (known: unknown): boolean => {
  if (known === undefined) return true;
  if (typeof known !== 'object' || known === null || Array.isArray(known)) return false;
  for (const set in known) {
    const keys = (known as Record<string, unknown>)[set];
    if (!Array.isArray(keys)) return false;
    for (const key of keys) if (typeof key !== 'string') return false;
  }
  return true;
};

/** Whether `recordedAt` is absent or an instant. */
const recordedAtIsUsable = (recordedAt: unknown): boolean => recordedAt === undefined || (typeof recordedAt === 'string' && !Number.isNaN(instantMillis(recordedAt)));

/** The problems with `known`, by field path. */
const knownProblems = (known: unknown): FieldError[] => {
  if (knownIsUsable(known)) return [];
  if (typeof known !== 'object' || known === null || Array.isArray(known)) return [{ path: 'known', message: 'expected named sets of keys: { setName: ["key", …] }' }];
  return Object.entries(known)
    .filter(([, keys]) => !Array.isArray(keys) || keys.some((key) => typeof key !== 'string'))
    .map(([set]) => ({ path: `known.${set}`, message: 'expected a list of string keys' }));
};

/** Every problem with the context's shape, by field path (walked only when `isUsable` refuses the context). */
const contextProblems = (context: unknown): FieldError[] => {
  if (typeof context !== 'object' || context === null) return [{ path: '(root)', message: 'expected an object { now, actor, directory, workflow }' }];
  const c = context as Record<string, unknown>;
  const problems: FieldError[] = [];
  if (typeof c['now'] !== 'string' || Number.isNaN(instantMillis(c['now']))) problems.push({ path: 'now', message: `expected an ISO-8601 UTC instant, got ${JSON.stringify(c['now']) ?? 'nothing'}` });
  if (!recordedAtIsUsable(c['recordedAt'])) problems.push({ path: 'recordedAt', message: `expected an ISO-8601 UTC instant or nothing, got ${JSON.stringify(c['recordedAt'])}` });
  const actor = c['actor'] as Record<string, unknown> | null | undefined;
  if (typeof actor !== 'object' || actor === null) problems.push({ path: 'actor', message: 'expected { id, role, unit }' });
  else {
    if (!isId(actor['id'])) problems.push({ path: 'actor.id', message: ID_MESSAGE });
    if (!isText(actor['role']) || scopeOf(c['workflow'], actor['role']) === undefined)
      problems.push({ path: 'actor.role', message: `expected a role of the workflow (${roleNames(c['workflow'])}), got ${JSON.stringify(actor['role']) ?? 'nothing'}` });
    if (!isId(actor['unit'])) problems.push({ path: 'actor.unit', message: ID_MESSAGE });
  }
  const directory = c['directory'] as { units?: unknown } | null | undefined;
  if (typeof directory !== 'object' || directory === null || !(directory.units instanceof Map)) problems.push({ path: 'directory.units', message: 'expected the Map built by createDirectory' });
  else if (typeof actor === 'object' && actor !== null && isId(actor['unit']) && !unitKnown(directory, scopeOf(c['workflow'], actor['role']), actor['unit'])) {
    problems.push({
      path: 'actor.unit',
      message: `"${actor['unit']}" is not a unit of the directory; give the id of the unit the actor works for (for a citizen, the unit the request is made to; a notary's office is not checked)`,
    });
  }
  const workflow = c['workflow'] as Record<string, unknown> | null | undefined;
  if (
    typeof workflow !== 'object' ||
    workflow === null ||
    !isId(workflow['id']) ||
    typeof workflow['version'] !== 'number' ||
    !Array.isArray(workflow['transitions']) ||
    !Array.isArray(workflow['deadlines'])
  ) {
    problems.push({ path: 'workflow', message: 'expected a Workflow (id, version, stages, roles, transitions, deadlines, …)' });
  } else problems.push(...workflowIndex(workflow as unknown as Workflow).problems);
  problems.push(...knownProblems(c['known']));
  return problems;
};

/** Whether `contextProblems` finds nothing, checked without allocating (the per-command path). */
const isUsable = (context: unknown): context is DecisionContext => {
  if (typeof context !== 'object' || context === null) return false;
  const { now, recordedAt, actor, directory, workflow, known } = context as Record<string, unknown>;
  if (!knownIsUsable(known) || !recordedAtIsUsable(recordedAt)) return false;
  if (typeof now !== 'string' || Number.isNaN(instantMillis(now))) return false;
  if (typeof actor !== 'object' || actor === null) return false;
  const { id, role, unit } = actor as Record<string, unknown>;
  if (!isId(id) || !isText(role) || !isId(unit)) return false;
  if (typeof workflow !== 'object' || workflow === null) return false;
  const w = workflow as Record<string, unknown>;
  if (!isId(w['id']) || typeof w['version'] !== 'number' || !Array.isArray(w['transitions']) || !Array.isArray(w['deadlines'])) return false;
  const index = workflowIndex(workflow as unknown as Workflow);
  if (index.problems.length > 0) return false;
  const scope = index.roles.get(role)?.scope;
  if (scope === undefined) return false;
  if (typeof directory !== 'object' || directory === null || !((directory as { units?: unknown }).units instanceof Map)) return false;
  return unitKnown(directory, scope, unit);
};

const unusable = (errors: readonly FieldError[]): E.Either<Rejection, never> =>
  E.left(
    rejection(
      'InvalidContext',
      `The decision context is unusable (${decodeErrorsMessage(errors)}): give now (ISO-8601 UTC), optionally recordedAt (ISO-8601 UTC), actor {id, role, unit}, a directory from createDirectory, a workflow and, optionally, known sets of string keys.`,
      { errors },
    ),
  );

/**
 * Checks the context enough that the decider can rely on it; never throws. A usable context
 * passes an allocation-free check; only an unusable one is walked again for its problems.
 * Every value the context puts into an event's metadata passes the codec of that field here
 * (the workflow's deadline records once per workflow, see `workflowIndex`).
 */
export const checkContext = (context: unknown): E.Either<Rejection, DecisionContext> => (isUsable(context) ? E.right(context) : unusable(contextProblems(context)));
