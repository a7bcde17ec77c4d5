import * as E from 'fp-ts/lib/Either.js';
import type { Actor } from '../events/eventMeta.js';
import type { JurisdictionDirectory } from '../jurisdictions/directory.js';
import { type FieldError, decodeErrorsMessage } from '../values/decodeErrors.js';
import { instantMillis } from '../values/values.js';
import type { Workflow } from '../workflow/workflow.js';
import { type Rejection, rejection } from './rejection.js';

/** What a decision needs besides the command and the state: time and ids come in from outside. */
export interface DecisionContext {
  /** The decision's time (ISO-8601 UTC); it becomes the events' `occurredAt`. */
  readonly now: string;
  readonly actor: Actor;
  readonly directory: JurisdictionDirectory;
  readonly workflow: Workflow;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** Every problem with the context's shape, by field path (hand-written: this runs on every command). */
const contextProblems = (context: unknown): FieldError[] => {
  if (typeof context !== 'object' || context === null) return [{ path: '(root)', message: 'expected an object { now, actor, directory, workflow }' }];
  const c = context as Record<string, unknown>;
  const problems: FieldError[] = [];
  if (typeof c['now'] !== 'string' || Number.isNaN(instantMillis(c['now']))) problems.push({ path: 'now', message: `expected an ISO-8601 UTC instant, got ${JSON.stringify(c['now']) ?? 'nothing'}` });
  const actor = c['actor'] as Record<string, unknown> | null | undefined;
  if (typeof actor !== 'object' || actor === null) problems.push({ path: 'actor', message: 'expected { id, role, unit }' });
  else for (const key of ['id', 'role', 'unit']) if (!isText(actor[key])) problems.push({ path: `actor.${key}`, message: 'expected a non-empty string' });
  const directory = c['directory'] as { units?: unknown } | null | undefined;
  if (typeof directory !== 'object' || directory === null || !(directory.units instanceof Map)) problems.push({ path: 'directory.units', message: 'expected the Map built by createDirectory' });
  const workflow = c['workflow'] as Record<string, unknown> | null | undefined;
  if (typeof workflow !== 'object' || workflow === null || !isText(workflow['id']) || typeof workflow['version'] !== 'number' || !Array.isArray(workflow['transitions']) || !Array.isArray(workflow['deadlines'])) {
    problems.push({ path: 'workflow', message: 'expected a Workflow (id, version, transitions, deadlines, …)' });
  }
  return problems;
};

/** Checks the context enough that the decider can rely on it; never throws. */
export const checkContext = (context: unknown): E.Either<Rejection, DecisionContext> => {
  const errors = contextProblems(context);
  return errors.length === 0
    ? E.right(context as DecisionContext)
    : E.left(rejection('InvalidContext', `The decision context is unusable (${decodeErrorsMessage(errors)}): give now (ISO-8601 UTC), actor {id, role, unit}, a directory from createDirectory and a workflow.`, { errors }));
};
