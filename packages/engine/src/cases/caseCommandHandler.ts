import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  type Actor,
  type AnyCaseEvent,
  type CaseState,
  type CoreRejection,
  type DecisionContext,
  type JurisdictionDirectory,
  type Rejection,
  type Workflow,
  decideInput,
  decodeCommand,
  decodeErrorsMessage,
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
  /** The workflow new cases run under; defaults to the mediation workflow (its latest version). */
  readonly workflow?: Workflow;
  /**
   * Earlier versions of the workflow whose open cases this handler still decides, each under
   * the version it was submitted with (every event records it). Defaults to version 1 of the
   * mediation workflow when `workflow` is the default, to none otherwise. A case of a version
   * not given here is refused as `WorkflowMismatch`.
   */
  readonly earlierVersions?: readonly Workflow[];
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
  readonly actor: Actor;
  /**
   * When the fact happened (ISO-8601 UTC); defaults to the handler's clock (read again if
   * the command is decided again after a concurrency conflict). It may lie in the past (a
   * fact recorded late), never more than `clockSkewToleranceMs` in the future; a retry
   * keeps it as given.
   */
  readonly occurredAt?: string;
  readonly correlationId?: string;
  readonly causationId?: string | null;
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
 * Core's decider, deciding each case under the workflow version it runs under (the context's
 * workflow for a new case, or one of `versions` matching the case's `id@version`).
 */
const versionedDecider = (versions: readonly Workflow[]): Decider<unknown, AnyCaseEvent, CaseState, DecisionContext, Rejection<string>> => ({
  ...caseDecider,
  decide: (command, state, context) => {
    const own = state.workflow;
    const given = context.workflow;
    if (own === null || (own.id === given.id && own.version === given.version)) return decideInput(command, state, context);
    const version = versions.find((w) => w.id === own.id && w.version === own.version);
    return decideInput(command, state, version === undefined ? context : { ...context, workflow: version });
  },
});

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
  const workflow = options.workflow ?? mediationWorkflow;
  const versions = [workflow, ...(options.earlierVersions ?? (workflow === mediationWorkflow ? [mediationWorkflowV1] : []))];
  const clock = options.clock ?? (() => new Date().toISOString());
  const toleranceMs = options.clockSkewToleranceMs ?? DEFAULT_CLOCK_SKEW_TOLERANCE_MS;
  if (!(toleranceMs >= 0) || !Number.isFinite(toleranceMs)) {
    throw new RangeError(`caseCommandHandler: clockSkewToleranceMs must be a finite number of ms ≥ 0, got ${toleranceMs}`);
  }
  const codec = caseEventCodec({ workflows: versions });
  const handlerOptions = {
    store: options.store,
    decider: versionedDecider(versions),
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
  const readClockAgain = (previous: DecisionContext): DecisionContext => {
    const now = clock();
    return Date.parse(now) > Date.parse(previous.now) ? { ...previous, now } : previous;
  };
  return async (command, execute) => {
    // Only the ids are needed to find the stream; `decide` decodes the whole command once.
    const { caseId, commandId } = (typeof command === 'object' && command !== null ? command : {}) as { caseId?: unknown; commandId?: unknown };
    if (typeof caseId !== 'string' || caseId === '' || typeof commandId !== 'string' || commandId === '') {
      const decoded = decodeCommand(workflow, command);
      const errors = E.isLeft(decoded) && decoded.left.code === 'MalformedCommand' ? decoded.left.errors : [{ path: 'caseId', message: 'expected a non-empty case id and command id' }];
      return E.left({ kind: 'rejected', rejection: rejection('MalformedCommand', `The command is malformed: ${decodeErrorsMessage(errors)}.`, { errors }) });
    }
    const now = execute.occurredAt ?? clock();
    if (execute.occurredAt !== undefined) {
      const refused = futureFact(execute.occurredAt, clock(), toleranceMs);
      if (refused !== null) return E.left({ kind: 'rejected', rejection: refused });
    }
    // Built field by field: spreading optional fields in makes a new hidden class per command.
    const envelope: { -readonly [K in keyof CommandEnvelope<unknown, DecisionContext>]: CommandEnvelope<unknown, DecisionContext>[K] } = {
      streamId: caseStreamId(caseId),
      commandId,
      command,
      context: { now, actor: execute.actor, directory: options.directory, workflow },
    };
    if (execute.correlationId !== undefined) envelope.correlationId = execute.correlationId;
    if (execute.causationId !== undefined) envelope.causationId = execute.causationId;
    // An explicit occurredAt is a recorded fact: a retry decides with it unchanged.
    if (execute.occurredAt === undefined) envelope.refreshContext = readClockAgain;
    return handleCommand(handlerOptions, envelope);
  };
};
