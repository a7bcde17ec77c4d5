import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import {
  type Actor,
  type CaseEvent,
  type CaseState,
  type DecisionContext,
  type JurisdictionDirectory,
  type Rejection,
  type Workflow,
  decodeCaseCommand,
  decodeErrorsMessage,
  mediationWorkflow,
  rejection,
} from '@casefold/core';
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
  /** Defaults to the mediation workflow. */
  readonly workflow?: Workflow;
  /** The current instant as ISO-8601 UTC; defaults to the system clock. */
  readonly clock?: () => string;
  /** Defaults to `crypto.randomUUID`. */
  readonly newEventId?: () => string;
  readonly retry?: RetryOptions;
  readonly cache?: StreamStateCache<CaseState>;
}

/** Per-command options: who acts, and when the fact happened if not now. */
export interface ExecuteCaseCommandOptions {
  readonly actor: Actor;
  /** When the fact happened (ISO-8601 UTC); defaults to the handler's clock. */
  readonly occurredAt?: string;
  readonly correlationId?: string;
  readonly causationId?: string | null;
}

/** Runs one case command: decode, load the case stream, decide, append (idempotent by command id). */
export type ExecuteCaseCommand = (command: unknown, options: ExecuteCaseCommandOptions) => Promise<HandleCommandResult<CaseEvent, CaseState, Rejection>>;

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
  const clock = options.clock ?? (() => new Date().toISOString());
  const codec = caseEventCodec();
  const handlerOptions = {
    store: options.store,
    decider: caseDecider,
    codec,
    newEventId: options.newEventId ?? randomUUID,
    clock,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  };
  return async (command, execute) => {
    // Only the ids are needed to find the stream; `decide` decodes the whole command once.
    const { caseId, commandId } = (typeof command === 'object' && command !== null ? command : {}) as { caseId?: unknown; commandId?: unknown };
    if (typeof caseId !== 'string' || caseId === '' || typeof commandId !== 'string' || commandId === '') {
      const decoded = decodeCaseCommand(command);
      const errors = E.isLeft(decoded) ? decoded.left : [{ path: 'caseId', message: 'expected a non-empty case id and command id' }];
      return E.left({ kind: 'rejected', rejection: rejection('MalformedCommand', `The command is malformed: ${decodeErrorsMessage(errors)}.`, { errors }) });
    }
    // Built field by field: spreading optional fields in makes a new hidden class per command.
    const envelope: { -readonly [K in keyof CommandEnvelope<unknown, DecisionContext>]: CommandEnvelope<unknown, DecisionContext>[K] } = {
      streamId: caseStreamId(caseId),
      commandId,
      command,
      context: { now: execute.occurredAt ?? clock(), actor: execute.actor, directory: options.directory, workflow },
    };
    if (execute.correlationId !== undefined) envelope.correlationId = execute.correlationId;
    if (execute.causationId !== undefined) envelope.causationId = execute.causationId;
    return handleCommand(handlerOptions, envelope);
  };
};
