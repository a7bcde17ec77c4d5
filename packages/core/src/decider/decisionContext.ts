import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { Actor } from '../events/eventMeta.js';
import type { JurisdictionDirectory } from '../jurisdictions/directory.js';
import { formatDecodeErrors } from '../values/decodeErrors.js';
import { Instant } from '../values/values.js';
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

const ContextShape = t.type({ now: Instant, actor: Actor, directory: t.type({ units: t.unknown }), workflow: t.type({ id: t.string, version: t.number, transitions: t.UnknownArray, deadlines: t.UnknownArray }) });

/** Checks the context enough that the decider can rely on it; never throws. */
export const checkContext = (context: unknown): E.Either<Rejection, DecisionContext> => {
  const decoded = ContextShape.decode(context);
  if (E.isLeft(decoded)) {
    return E.left(rejection('InvalidContext', 'The decision context is unusable: give now (ISO-8601 UTC), actor {id, role, unit}, a directory from createDirectory and a workflow.', { errors: formatDecodeErrors(decoded.left) }));
  }
  if (!(decoded.right.directory.units instanceof Map)) {
    return E.left(rejection('InvalidContext', 'directory.units must be the Map built by createDirectory.', { errors: [{ path: 'directory.units', message: 'expected a Map' }] }));
  }
  return E.right(context as DecisionContext);
};
