import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  type Actor,
  type AnyCaseEvent,
  type Authorization,
  type CaseCommandOf,
  type CaseEvent,
  type CaseScope,
  type Principal,
  type CaseState,
  type CoreRejection,
  type DecisionContext,
  type JurisdictionDirectory,
  type Rejection,
  type Workflow,
  NEW_STAGE,
  actingAs,
  caseScopeOf,
  canSee,
  decideInput,
  decodeCommand,
  decodeErrorsMessage,
  decodePrincipal,
  mediationWorkflow,
  mediationWorkflowV1,
  rejection,
} from '@casefold/core';
import type { Decider } from '../commandHandling/decider.js';
import { type CommandEnvelope, type HandleCommandResult, handleCommand } from '../commandHandling/handleCommand.js';
import type { RetryOptions } from '../commandHandling/retryPolicy.js';
import type { StreamStateCache } from '../commandHandling/streamStateCache.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { caseDecider, caseStreamId } from './caseDecider.js';
import { caseEventCodec } from './caseEventCodec.js';

/** Options of {@link caseCommandHandler}. */
export interface CaseCommandHandlerOptions {
  readonly store: EventStore;
  readonly directory: JurisdictionDirectory;
  /** The workflow new cases run under; defaults to the mediation workflow (its latest version). Give `workflows` instead for several kinds. */
  readonly workflow?: Workflow;
  /**
   * Several case kinds behind one window: the current version of each (distinct ids). A new
   * case runs under the one its `Submit` names as `kind`, or the first when it names none;
   * every later command on a case is decided under the workflow the case runs under.
   */
  readonly workflows?: readonly Workflow[];
  /**
   * Earlier versions of the workflows whose open cases this handler still decides, each under
   * the version it was submitted with (every event records it). Defaults to version 1 of the
   * mediation workflow when the mediation workflow is one of the current ones, to none
   * otherwise. A case of a version not given here is refused as `WorkflowMismatch`.
   */
  readonly earlierVersions?: readonly Workflow[];
  /**
   * Looks up what guards across cases need to know for one command (`DecisionContext.known`):
   * named sets of keys, e.g. the petition kind's `finalPetitionMatters` holding the command's
   * matter key if that matter reached finality elsewhere. Called once per command, before it
   * is decided (a retry after a conflict decides with the same sets); typically answered from
   * a read model. Without it, every set is empty.
   */
  readonly lookup?: (command: unknown) => Promise<Readonly<Record<string, readonly string[]>>>;
  /**
   * The authorization policies (from `createAuthorization`): with them, every command must
   * come with the authenticated {@link ExecuteCaseCommandOptions.principal} and is checked
   * against its case kind's policy before it is decided (see docs/security.md); an `actor`
   * alone is refused. Without them (the default), the handler trusts the `actor` it is given,
   * and the decider checks its role and unit only: the embedding system authorizes.
   * Every kind the handler decides needs a policy (a RangeError names the missing ones).
   */
  readonly authorization?: Authorization;
  /** The current instant as ISO-8601 UTC; defaults to the system clock. */
  readonly clock?: () => string;
  /** Defaults to `crypto.randomUUID`. */
  readonly newEventId?: () => string;
  readonly retry?: RetryOptions;
  readonly cache?: StreamStateCache<CaseState>;
  /**
   * How far a command's `occurredAt` may lie after the handler's clock, in ms (clocks of
   * different machines differ a little). Default 5 minutes. A fact dated later is refused:
   * once stored, it would make every later command on the case go back in time.
   */
  readonly clockSkewToleranceMs?: number;
}

/** Per-command options: who acts, and when the fact happened if not now. */
export interface ExecuteCaseCommandOptions {
  /**
   * Who acts, trusted as given: for a handler without `authorization` only (the embedding
   * system has authorized the command). Never taken from the command's body.
   */
  readonly actor?: Actor;
  /**
   * Who acts, as the embedding system authenticated them: required by a handler with
   * `authorization`, which checks the policy and records as the events' actor the first of
   * the principal's role assignments the policy admits for this command on this case. It is
   * decoded first (`decodePrincipal`): a malformed one is refused as `InvalidContext`, each
   * failing field by path (`principal.assignments`, …).
   */
  readonly principal?: Principal;
  /**
   * When the fact happened (ISO-8601 UTC); defaults to the handler's clock (read again if
   * the command is decided again after a concurrency conflict). It may lie in the past (a
   * fact recorded late) as far as the workflow's `backdating` policy lets the actor's role
   * (refused as `BackdatingNotAllowed` beyond), never more than `clockSkewToleranceMs` in the
   * future; a retry keeps it as given. The events keep both times: `occurredAt` and the
   * handler's clock as `recordedAt`.
   */
  readonly occurredAt?: string;
  readonly correlationId?: string;
  readonly causationId?: string | null;
  /** Decide without recording: the result holds the events the command would record, nothing is appended. */
  readonly decideOnly?: boolean;
}

/** Default of {@link CaseCommandHandlerOptions.clockSkewToleranceMs}: five minutes. */
export const DEFAULT_CLOCK_SKEW_TOLERANCE_MS = 5 * 60_000;

/**
 * A rejection when `occurredAt` lies more than `toleranceMs` after `now`; `null` otherwise
 * (also for text that is not an instant: the decider names what is wrong with it).
 */
const futureFact = (occurredAt: string, now: string, toleranceMs: number): CoreRejection | null => {
  const ahead = Date.parse(occurredAt) - Date.parse(now);
  if (!(ahead > toleranceMs)) return null;
  const message =
    `occurredAt ${occurredAt} is later than the handler's clock (${now}) by more than the allowed ${toleranceMs} ms; ` +
    'record a fact once it has happened (or fix the clock, or raise clockSkewToleranceMs if the clocks of the machines differ more)';
  return rejection('InvalidContext', `The decision context is unusable: ${message}.`, { errors: [{ path: 'occurredAt', message }] });
};

/**
 * Runs one case command: decode, load the case stream, decide, append (idempotent by
 * command id). Without `occurredAt`, a decision taken again after a concurrency conflict
 * reads the clock again.
 */
export type ExecuteCaseCommand = (command: unknown, options: ExecuteCaseCommandOptions) => Promise<HandleCommandResult<AnyCaseEvent, CaseState, Rejection<string>>>;

/**
 * The workflow a new case runs under: the current one its `Submit` names as `kind` (the
 * first current one when it names none), or a rejection naming the kinds this handler decides.
 */
const kindOf = (command: unknown, current: readonly Workflow[]): E.Either<CoreRejection, Workflow> => {
  const kind = typeof command === 'object' && command !== null ? (command as { kind?: unknown }).kind : undefined;
  // A kind that is not a string is left to the decider, whose decoding names what is wrong with it.
  if (typeof kind !== 'string') return E.right(current[0] as Workflow);
  const found = current.find((w) => w.id === kind);
  if (found !== undefined) return E.right(found);
  const allowed = current.map((w) => w.id);
  return E.left(rejection('InvalidValue', `kind "${kind}" is not a case kind this handler decides; use one of: ${allowed.join(', ')}.`, { field: 'kind', value: kind, allowed }));
};

/**
 * Core's decider, deciding each case under the workflow version it runs under: for a new
 * case, the current workflow its kind names; for an existing one, the one of `versions`
 * matching the case's `id@version` (the context's workflow when none does: the decider
 * refuses it as `WorkflowMismatch`).
 */
const versionedDecider = (current: readonly Workflow[], versions: readonly Workflow[]): Decider<unknown, AnyCaseEvent, CaseState, DecisionContext, Rejection<string>> => ({
  ...caseDecider,
  decide: (command, state, context) => {
    const own = state.workflow;
    if (own === null) {
      const workflow = kindOf(command, current);
      return E.isLeft(workflow) ? workflow : decideInput(command, state, workflow.right === context.workflow ? context : { ...context, workflow: workflow.right });
    }
    const given = context.workflow;
    if (own.id === given.id && own.version === given.version) return decideInput(command, state, context);
    const version = versions.find((w) => w.id === own.id && w.version === own.version);
    return decideInput(command, state, version === undefined ? context : { ...context, workflow: version });
  },
});

/**
 * What a `Submit` opens: its kind (see {@link kindOf}) and the subject ids of the applicants it
 * names, decoded under that kind (a citizen may submit only a case that names them), or why not.
 */
const submitted = (command: unknown, current: readonly Workflow[]): E.Either<CoreRejection, { readonly kind: string; readonly applicants: readonly string[] }> => {
  const workflow = kindOf(command, current);
  if (E.isLeft(workflow)) return workflow;
  const decoded = decodeCommand(workflow.right, command);
  if (E.isLeft(decoded)) return decoded;
  // Decoded by its `type`, which the authorized decider checked is `Submit`.
  const { parties } = decoded.right as CaseCommandOf<'Submit'>;
  return E.right({ kind: workflow.right.id, applicants: parties.filter((party) => party.side === 'applicant').map((party) => party.subjectId) });
};

/** The decision context with the principal a handler with `authorization` acts for. */
type CaseContext = DecisionContext & { readonly principal?: Principal };

/**
 * The answer to a command on a case that does not exist, and to anyone the case is hidden
 * from: the same code and message, so that no one learns of a case they may not see.
 */
const caseNotFound = (caseId: string): CoreRejection => rejection('CaseNotFound', `Case "${caseId}" has no history yet; submit it first.`, { caseId });

/** The answer to a `Submit` of a case id that is taken, whether or not the principal sees that case. */
const caseAlreadyExists = (caseId: string): CoreRejection => rejection('CaseAlreadyExists', `Case "${caseId}" already exists; use a new case id.`, { caseId });

/**
 * Stands for the actor until the policy chose the principal's acting role; never reaches the
 * decider (every path replaces it or refuses first).
 */
const NO_ACTOR_YET: Actor = { id: '(principal)', role: '(not chosen yet)', unit: '(not chosen yet)' };

/**
 * The scope of a folded case, respondents included: the state keeps applicants only, so the
 * respondents of its `Submitted` are kept beside each state folded from it (the accused of
 * an accusation are its respondents: they must not see it, nor act on it).
 */
interface CaseScopes {
  readonly evolve: (state: CaseState, event: AnyCaseEvent, next: CaseState) => void;
  readonly of: (state: CaseState) => CaseScope | null;
}

const caseScopes = (): CaseScopes => {
  const respondents = new WeakMap<CaseState, readonly string[]>();
  return {
    // A case without respondents keeps nothing (`of` gives none): no weak-map entry per event folded.
    evolve: (state, event, next) => {
      const kept =
        event.type === 'Submitted' ? (event as CaseEvent & { type: 'Submitted' }).data.parties.filter((party) => party.side === 'respondent').map((party) => party.subjectId) : respondents.get(state);
      if (kept !== undefined && kept.length > 0) respondents.set(next, kept);
    },
    of: (state) => {
      const scope = caseScopeOf(state);
      return scope === null ? null : { ...scope, respondents: respondents.get(state) ?? [] };
    },
  };
};

/**
 * The decider behind the authorization check: for a context with a principal, the case
 * kind's policy decides, before anything about the case is looked at, whether the principal
 * sees the case (if not: the answer for a case that does not exist) and as which actor they
 * may run the command (if none: `RoleNotAllowed` naming the roles the policy admits); the
 * command is then decided as that actor. A context without a principal goes straight through.
 */
const authorizedDecider = (
  inner: Decider<unknown, AnyCaseEvent, CaseState, DecisionContext, Rejection<string>>,
  current: readonly Workflow[],
  authorization: Authorization,
  scopes: CaseScopes,
): Decider<unknown, AnyCaseEvent, CaseState, CaseContext, Rejection<string>> => ({
  ...inner,
  evolve: (state, event) => {
    const next = inner.evolve(state, event);
    scopes.evolve(state, event, next);
    return next;
  },
  decide: (command, state, context) => {
    const { principal } = context;
    if (principal === undefined) return inner.decide(command, state, context);
    // The handler checked the case id before loading the stream.
    const { type, caseId } = command as { type?: unknown; caseId: string };
    const scope = state.stage === NEW_STAGE ? null : scopes.of(state);
    if (type === 'Submit' && scope !== null) return E.left(caseAlreadyExists(caseId));
    if (type !== 'Submit' && scope === null) return E.left(caseNotFound(caseId));
    const opened = scope === null ? submitted(command, current) : E.right({ kind: scope.kind, applicants: scope.applicants });
    if (E.isLeft(opened)) return opened;
    const { kind, applicants } = opened.right;
    const acting = actingAs({ principal, command: String(type), scope, kind, applicants, authorization });
    if (E.isRight(acting)) return inner.decide(command, state, { ...context, actor: acting.right });
    if (acting.left.kind === 'hidden') return E.left(caseNotFound(caseId));
    if (acting.left.kind === 'notAnApplicant') {
      const actorId = acting.left.subjectId;
      const message = `A citizen submits only a case that names them as an applicant: "${actorId}" (the principal's subject id) is none of this Submit's applicants; name them as an applicant, or have staff receive a request made for someone else.`;
      return E.left(rejection('NotAParty', message, { actorId }));
    }
    const { allowedRoles, heldRoles } = acting.left;
    return E.left(
      rejection(
        'RoleNotAllowed',
        `None of the principal's roles (${heldRoles.join(', ') || 'none'}) may ${String(type)} on this case under the authorization policy of ${kind}; it admits ${allowedRoles.join(', ') || 'no role'}, each in the relations it names (holder, owner, supervisor, applicant, participant).`,
        { command: String(type), role: heldRoles.join(', '), allowedRoles },
      ),
    );
  },
});

/** Every kind the handler decides needs a policy: a RangeError names those without one. */
const requirePolicies = (authorization: Authorization, versions: readonly Workflow[]): void => {
  const missing = [...new Set(versions.map((w) => w.id))].filter((id) => !authorization.policies.has(id));
  if (missing.length > 0)
    throw new RangeError(`caseCommandHandler: authorization has no policy for ${missing.join(', ')}; give one per case kind (shippedAuthorizationPolicies has the shipped kinds')`);
};

/** Who acts, checked against the handler's mode: a principal (decoded) with `authorization`, an actor without. `null` when usable. */
const whoProblem = (execute: ExecuteCaseCommandOptions, authorizing: boolean): CoreRejection | null => {
  if (authorizing && execute.principal !== undefined) {
    const decoded = decodePrincipal(execute.principal);
    return E.isRight(decoded)
      ? null
      : rejection(
          'InvalidContext',
          `The decision context is unusable: the principal is malformed (${decodeErrorsMessage(decoded.left)}); build it from what the embedding system verified, with decodePrincipal.`,
          { errors: decoded.left },
        );
  }
  const message = authorizing
    ? execute.principal === undefined
      ? 'this handler authorizes every command against its policies: give the authenticated principal, not an actor'
      : null
    : execute.principal !== undefined
      ? 'a principal was given to a handler without authorization policies: build the handler with authorization (createAuthorization), or give the actor the embedding system authorized'
      : null;
  return message === null ? null : rejection('InvalidContext', `The decision context is unusable: ${message}.`, { errors: [{ path: authorizing ? 'principal' : 'actor', message }] });
};

/** The current workflows and every version decided, from the options (checked: a RangeError names what is wrong). */
const workflowsOf = (options: CaseCommandHandlerOptions): { readonly current: readonly Workflow[]; readonly versions: readonly Workflow[] } => {
  if (options.workflow !== undefined && options.workflows !== undefined) {
    throw new RangeError('caseCommandHandler: give either workflow (one kind) or workflows (several kinds), not both');
  }
  const current = options.workflows ?? [options.workflow ?? mediationWorkflow];
  if (current.length === 0) throw new RangeError('caseCommandHandler: workflows is empty; give the current version of each case kind the handler decides');
  const ids = current.map((w) => w.id);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated !== undefined) throw new RangeError(`caseCommandHandler: workflows names kind "${repeated}" twice; give each kind's current version once, and older versions in earlierVersions`);
  const earlier = options.earlierVersions ?? (current.includes(mediationWorkflow) ? [mediationWorkflowV1] : []);
  return { current, versions: [...current, ...earlier] };
};

/**
 * The case engine's command path, ready to embed: every command goes to the stream of its
 * case, is decided by core's decider under the workflow and directory given here, and is
 * appended with the loaded revision as the expected revision (retried on conflict).
 *
 * @example
 * const execute = caseCommandHandler({ store, directory });
 * const result = await execute(command, { actor: { id: 'clerk-7', role: 'intakeClerk', unit: 'majie' } });
 */
export const caseCommandHandler = (options: CaseCommandHandlerOptions): ExecuteCaseCommand => {
  const { current, versions } = workflowsOf(options);
  const workflow = current[0] as Workflow;
  const clock = options.clock ?? (() => new Date().toISOString());
  const toleranceMs = options.clockSkewToleranceMs ?? DEFAULT_CLOCK_SKEW_TOLERANCE_MS;
  if (!(toleranceMs >= 0) || !Number.isFinite(toleranceMs)) {
    throw new RangeError(`caseCommandHandler: clockSkewToleranceMs must be a finite number of ms ≥ 0, got ${toleranceMs}`);
  }
  const { authorization } = options;
  if (authorization !== undefined) requirePolicies(authorization, versions);
  const codec = caseEventCodec({ workflows: versions });
  const decider = versionedDecider(current, versions);
  const scopes = caseScopes();
  const handlerOptions = {
    store: options.store,
    decider: authorization === undefined ? decider : authorizedDecider(decider, current, authorization, scopes),
    codec,
    newEventId: options.newEventId ?? randomUUID,
    clock,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  };
  /**
   * A decision taken again (the case changed under the command) reads the clock again: a
   * rival's event may be dated after the first reading, and deciding with that reading would
   * refuse the command as going back in time. The later of the two readings is kept.
   */
  const readClockAgain = (previous: CaseContext): CaseContext => {
    const now = clock();
    return Date.parse(now) > Date.parse(previous.now) ? { ...previous, now, recordedAt: now } : previous;
  };
  return async (command, execute) => {
    // Only the ids are needed to find the stream; `decide` decodes the whole command once.
    const { caseId, commandId } = (typeof command === 'object' && command !== null ? command : {}) as { caseId?: unknown; commandId?: unknown };
    if (typeof caseId !== 'string' || caseId === '' || typeof commandId !== 'string' || commandId === '') {
      const decoded = decodeCommand(workflow, command);
      const errors = E.isLeft(decoded) && decoded.left.code === 'MalformedCommand' ? decoded.left.errors : [{ path: 'caseId', message: 'expected a non-empty case id and command id' }];
      return E.left({ kind: 'rejected', rejection: rejection('MalformedCommand', `The command is malformed: ${decodeErrorsMessage(errors)}.`, { errors }) });
    }
    const who = whoProblem(execute, authorization !== undefined);
    if (who !== null) return E.left({ kind: 'rejected', rejection: who });
    // The recording time goes to the decider too: the workflow's backdating policy judges how far before it the fact may be dated.
    const recordedAt = clock();
    const now = execute.occurredAt ?? recordedAt;
    if (execute.occurredAt !== undefined) {
      const refused = futureFact(execute.occurredAt, recordedAt, toleranceMs);
      if (refused !== null) return E.left({ kind: 'rejected', rejection: refused });
    }
    // Built field by field: spreading optional fields in makes a new hidden class per command.
    const envelope: { -readonly [K in keyof CommandEnvelope<unknown, CaseContext>]: CommandEnvelope<unknown, CaseContext>[K] } = {
      streamId: caseStreamId(caseId),
      commandId,
      command,
      context:
        execute.principal === undefined
          ? { now, recordedAt, actor: execute.actor as Actor, directory: options.directory, workflow }
          : { now, recordedAt, actor: NO_ACTOR_YET, directory: options.directory, workflow, principal: execute.principal },
    };
    if (options.lookup !== undefined) envelope.context = { ...envelope.context, known: await options.lookup(command) };
    if (execute.correlationId !== undefined) envelope.correlationId = execute.correlationId;
    if (execute.causationId !== undefined) envelope.causationId = execute.causationId;
    if (execute.decideOnly === true) envelope.decideOnly = true;
    // An explicit occurredAt is a recorded fact: a retry decides with it unchanged.
    if (execute.occurredAt === undefined) envelope.refreshContext = readClockAgain;
    const result = await handleCommand(handlerOptions, envelope);
    // A command id found in the stream is answered with its first outcome, before any decision: only to those who see the case.
    const principal = execute.principal;
    if (authorization === undefined || principal === undefined || E.isLeft(result) || !result.right.replayed) return result;
    const scope = scopes.of(result.right.state);
    return scope !== null && canSee(principal, scope, 'case', authorization) ? result : E.left({ kind: 'rejected', rejection: caseNotFound(caseId) });
  };
};
