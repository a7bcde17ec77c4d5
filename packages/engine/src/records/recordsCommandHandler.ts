import { randomUUID } from 'node:crypto';
import {
  type Actor,
  type CaseRecord,
  type RecordsContext,
  type RecordsEvent,
  type RecordsRejection,
  type RecordsRoles,
  type RecordsState,
  type RetentionSchedule,
  checkRetentionSchedule,
  decideRecords,
  decodeErrorsMessage,
  emptyCaseRecord,
  evolveCaseRecord,
  evolveRecords,
  initialRecordsState,
  recordsEventCodecs,
} from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import { caseStreamId } from '../cases/caseDecider.js';
import { type HandleCommandResult, handleCommand } from '../commandHandling/handleCommand.js';
import type { RetryOptions } from '../commandHandling/retryPolicy.js';
import type { EventStore } from '../eventStore/eventStore.js';
import { forEachEvent } from '../eventStore/forEachEvent.js';
import { ioTsEventCodec } from '../serialization/ioTsEventCodec.js';

/** The stream of a case's records events (holds, disposition): `records-<caseId>`, beside its case stream `case-<caseId>`. */
export const recordsStreamId = (caseId: string): string => `records-${caseId}`;

/** The store codec of the records events. */
export const recordsEventCodec = ioTsEventCodec({ events: recordsEventCodecs });

/** Options of {@link recordsCommandHandler}. */
export interface RecordsCommandHandlerOptions {
  readonly store: EventStore;
  /** Checked with `checkRetentionSchedule` (or `shippedRetentionSchedule`). */
  readonly schedule: RetentionSchedule;
  /** Defaults to `DEFAULT_RECORDS_ROLES`: the archivist disposes; the archivist or a supervisor holds. */
  readonly roles?: RecordsRoles;
  /** The current instant as ISO-8601 UTC; defaults to the system clock. */
  readonly clock?: () => string;
  readonly newEventId?: () => string;
  readonly retry?: RetryOptions;
}

/** Per-command options: who acts (the principal the embedding system authenticated, as an actor). */
export interface ExecuteRecordsCommandOptions {
  readonly actor: Actor;
  readonly correlationId?: string;
  readonly causationId?: string | null;
}

/** Runs one records command on its case's records stream; see {@link recordsCommandHandler}. */
export type ExecuteRecordsCommand = (command: unknown, options: ExecuteRecordsCommandOptions) => Promise<HandleCommandResult<RecordsEvent, RecordsState, RecordsRejection>>;

/** The record of a case, read from its case stream as stored (every kind, no workflow needed). */
export const readCaseRecord = async (store: EventStore, caseId: string): Promise<CaseRecord> => {
  let record = emptyCaseRecord;
  await forEachEvent(store.readStream(caseStreamId(caseId)), (event) => {
    record = evolveCaseRecord(record, event);
    return true;
  });
  return record;
};

/**
 * The schedule, checked: a schedule whose rules do not fit their classes (a `permanent` rule
 * with years, a `local` one without) would dispose of what must be kept. @throws RangeError naming every problem
 */
export const checkedSchedule = (schedule: RetentionSchedule, who: string): RetentionSchedule => {
  const checked = checkRetentionSchedule(schedule);
  if (E.isLeft(checked))
    throw new RangeError(`${who}: the retention schedule is unusable: ${decodeErrorsMessage(checked.left)}; fix it (checkRetentionSchedule names the problems) before disposing of anything`);
  return checked.right;
};

const recordsDecider = { decide: decideRecords, evolve: evolveRecords, initialState: initialRecordsState };

/**
 * Records management's command path: a legal hold placed or lifted, or a closed case
 * disposed of, decided by core's `decideRecords` against the case's record (read from its
 * case stream just before) and the retention schedule, and appended to the case's records
 * stream (`records-<caseId>`) with the loaded revision as the expected revision. Idempotent
 * by command id, as case commands are. Disposition shreds nothing by itself: see
 * {@link disposeExpired}.
 *
 * @example
 * const records = recordsCommandHandler({ store, schedule: shippedRetentionSchedule });
 * await records({ type: 'PlaceLegalHold', commandId: 'hold-1', caseId: 'M-1', holdId: 'court-2031-17', reason: 'Lawsuit', basis: '民事诉讼法 Art 67' }, { actor });
 */
export const recordsCommandHandler = (options: RecordsCommandHandlerOptions): ExecuteRecordsCommand => {
  checkedSchedule(options.schedule, 'recordsCommandHandler');
  const clock = options.clock ?? (() => new Date().toISOString());
  const handlerOptions = {
    store: options.store,
    decider: recordsDecider,
    codec: recordsEventCodec,
    newEventId: options.newEventId ?? randomUUID,
    clock,
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  };
  return async (command, execute) => {
    const { caseId, commandId } = (typeof command === 'object' && command !== null ? command : {}) as { caseId?: unknown; commandId?: unknown };
    const now = clock();
    const context: RecordsContext = { now, actor: execute.actor, schedule: options.schedule, caseRecord: emptyCaseRecord, ...(options.roles === undefined ? {} : { roles: options.roles }) };
    if (typeof caseId !== 'string' || caseId === '' || typeof commandId !== 'string' || commandId === '') {
      // Decided without reading anything: the decider names what is malformed.
      const decided = decideRecords(command, initialRecordsState, context);
      const rejection = E.isLeft(decided)
        ? decided.left
        : ({
            code: 'MalformedCommand',
            message: 'The command is malformed: caseId and commandId must be non-empty.',
            errors: [{ path: 'caseId', message: 'expected a non-empty case id and command id' }],
          } as RecordsRejection);
      return E.left({ kind: 'rejected', rejection });
    }
    const caseRecord = await readCaseRecord(options.store, caseId);
    return handleCommand(handlerOptions, {
      streamId: recordsStreamId(caseId),
      commandId,
      command,
      context: { ...context, caseRecord },
      ...(execute.correlationId === undefined ? {} : { correlationId: execute.correlationId }),
      ...(execute.causationId === undefined ? {} : { causationId: execute.causationId }),
    });
  };
};
