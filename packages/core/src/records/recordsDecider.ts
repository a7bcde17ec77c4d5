import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { Actor } from '../events/eventMeta.js';
import { type FieldError, decodeErrorsMessage, formatDecodeErrors } from '../values/decodeErrors.js';
import { decodeTagged } from '../values/decodeTagged.js';
import { Instant, instantMillis } from '../values/values.js';
import type { CaseRecord } from './caseRecord.js';
import { type RecordsCommand, recordsCommandCodecs } from './recordsCommands.js';
import type { RecordsEvent, RecordsMeta } from './recordsEvents.js';
import { type RecordsRejection, recordsRejection as rejection } from './recordsRejection.js';
import { type RetentionSchedule, retentionExpiresAt, retentionRuleProblems } from './retentionSchedule.js';

/** An active legal hold. */
export interface LegalHold {
  readonly holdId: string;
  readonly reason: string;
  readonly basis: string;
  readonly placedAt: string;
  readonly placedBy: string;
}

/** The records state of one case: its active holds, and when it was disposed of (if it was). */
export interface RecordsState {
  readonly holds: readonly LegalHold[];
  readonly disposedAt: string | null;
}

/** The records state of a case nothing was recorded for yet. */
export const initialRecordsState: RecordsState = { holds: [], disposedAt: null };

/** Which roles may place or lift holds, and which may dispose of cases. */
export interface RecordsRoles {
  readonly hold: readonly string[];
  readonly dispose: readonly string[];
}

/** Default {@link RecordsRoles}: the archivist disposes; the archivist or a supervisor places and lifts holds. */
export const DEFAULT_RECORDS_ROLES: RecordsRoles = { hold: ['archivist', 'supervisor'], dispose: ['archivist'] };

/** What a records decision needs besides the command and the records state. */
export interface RecordsContext {
  readonly now: string;
  readonly actor: Actor;
  /** A schedule checked by `checkRetentionSchedule` (or `shippedRetentionSchedule`). */
  readonly schedule: RetentionSchedule;
  /** The case's record, read from its stream just before deciding. */
  readonly caseRecord: CaseRecord;
  /** Defaults to {@link DEFAULT_RECORDS_ROLES}. */
  readonly roles?: RecordsRoles;
}

const ContextShape = t.type({ now: Instant, actor: Actor });

/** The records state after one more records event. */
export const evolveRecords = (state: RecordsState, event: RecordsEvent): RecordsState => {
  switch (event.type) {
    case 'LegalHoldPlaced': {
      const { holdId, reason, basis } = event.data;
      return { ...state, holds: [...state.holds, { holdId, reason, basis, placedAt: event.meta.occurredAt, placedBy: event.meta.actor.id }] };
    }
    case 'LegalHoldLifted':
      return { ...state, holds: state.holds.filter((h) => h.holdId !== event.data.holdId) };
    case 'CaseDisposed':
      return { ...state, disposedAt: event.meta.occurredAt };
  }
};

type Decision = E.Either<RecordsRejection, readonly RecordsEvent[]>;

const roleAllowed = (command: RecordsCommand, context: RecordsContext): E.Either<RecordsRejection, void> => {
  const roles = context.roles ?? DEFAULT_RECORDS_ROLES;
  const allowed = command.type === 'Dispose' ? roles.dispose : roles.hold;
  return allowed.includes(context.actor.role)
    ? E.right(undefined)
    : E.left(
        rejection('RecordsRoleNotAllowed', `${command.type} needs one of the roles ${allowed.join(', ')}; ${context.actor.id} acts as ${context.actor.role}.`, {
          command: command.type,
          role: context.actor.role,
          allowedRoles: allowed,
        }),
      );
};

const caseKnown = (command: RecordsCommand, record: CaseRecord): E.Either<RecordsRejection, void> => {
  if (record.events === 0) return E.left(rejection('CaseNotFound', `Case ${command.caseId} has no events: there are no files to hold or dispose of.`, { caseId: command.caseId }));
  if (record.caseId !== command.caseId) {
    return E.left(
      rejection('CaseMismatch', `The command names case ${command.caseId} but was decided against the record of case ${record.caseId}; read the named case's stream.`, {
        caseId: command.caseId,
        recordCaseId: String(record.caseId),
      }),
    );
  }
  return E.right(undefined);
};

const notDisposed = (state: RecordsState): E.Either<RecordsRejection, void> =>
  state.disposedAt === null
    ? E.right(undefined)
    : E.left(rejection('AlreadyDisposed', `The case was disposed of on ${state.disposedAt}; nothing more is recorded on its files.`, { disposedAt: state.disposedAt }));

const decideDispose = (command: Extract<RecordsCommand, { type: 'Dispose' }>, state: RecordsState, context: RecordsContext, meta: RecordsMeta): Decision => {
  const record = context.caseRecord;
  if (record.closedAt === null) return E.left(rejection('CaseNotClosed', `Case ${command.caseId} is still open: only a closed case's files can be disposed of.`, { caseId: command.caseId }));
  const kind = record.kind ?? '(unknown)';
  const rule = Object.hasOwn(context.schedule, kind) ? context.schedule[kind] : undefined;
  if (rule === undefined) {
    const scheduled = Object.keys(context.schedule);
    return E.left(
      rejection('NoRetentionRule', `The retention schedule has no rule for case kind ${kind} (it has ${scheduled.join(', ') || 'none'}); add one before disposing of such cases.`, { kind, scheduled }),
    );
  }
  const problems = retentionRuleProblems(kind, rule);
  if (problems.length > 0) {
    return E.left(
      rejection('InvalidContext', `The retention schedule's rule for ${kind} is unusable: ${decodeErrorsMessage(problems)}; check the schedule with checkRetentionSchedule.`, { errors: problems }),
    );
  }
  const expiresAt = retentionExpiresAt(rule, record.closedAt);
  if (expiresAt === null) return E.left(rejection('KeptPermanently', `Case kind ${kind} is kept permanently (${rule.basis}); its files are never disposed of.`, { kind, basis: rule.basis }));
  if (instantMillis(context.now) < instantMillis(expiresAt)) {
    return E.left(
      rejection('RetentionNotExpired', `The case closed on ${record.closedAt} and is kept until ${expiresAt} (${rule.basis}); it cannot be disposed of before then.`, {
        closedAt: record.closedAt,
        expiresAt,
        basis: rule.basis,
      }),
    );
  }
  if (state.holds.length > 0) {
    const holds = state.holds.map((h) => h.holdId);
    return E.left(rejection('LegalHoldActive', `The case is under legal hold (${holds.join(', ')}); lift every hold before disposing of it.`, { holds }));
  }
  const data = {
    caseId: command.caseId,
    kind,
    retention: rule,
    closedAt: record.closedAt,
    expiredAt: expiresAt,
    inventory: { events: record.events, lastRevision: record.lastRevision, subjects: record.subjects },
  };
  return E.right([{ type: 'CaseDisposed', data, meta }]);
};

const decideChecked = (command: RecordsCommand, state: RecordsState, context: RecordsContext): Decision => {
  const meta: RecordsMeta = { occurredAt: context.now, actor: context.actor };
  return pipe(
    roleAllowed(command, context),
    E.chain(() => caseKnown(command, context.caseRecord)),
    E.chain(() => notDisposed(state)),
    E.chain((): Decision => {
      switch (command.type) {
        case 'PlaceLegalHold': {
          const { caseId, holdId, reason, basis } = command;
          if (state.holds.some((h) => h.holdId === holdId)) return E.left(rejection('HoldAlreadyPlaced', `Hold ${holdId} is already placed on case ${caseId}.`, { holdId }));
          return E.right([{ type: 'LegalHoldPlaced', data: { caseId, holdId, reason, basis }, meta }]);
        }
        case 'LiftLegalHold': {
          const { caseId, holdId, reason } = command;
          const activeHolds = state.holds.map((h) => h.holdId);
          if (!activeHolds.includes(holdId))
            return E.left(rejection('UnknownHold', `Case ${caseId} has no active hold ${holdId} (active: ${activeHolds.join(', ') || 'none'}).`, { holdId, activeHolds }));
          return E.right([{ type: 'LegalHoldLifted', data: { caseId, holdId, reason }, meta }]);
        }
        case 'Dispose':
          return decideDispose(command, state, context, meta);
      }
    }),
  );
};

const malformed = (errors: readonly FieldError[]): RecordsRejection => rejection('MalformedCommand', `The command is malformed: ${decodeErrorsMessage(errors)}.`, { errors });

/**
 * Decides a records-management command (place or lift a legal hold, dispose of a case) on
 * a case's records state, against the case's record and the retention schedule. Total: a
 * malformed command or context is a rejection naming the fields. Disposition needs a
 * closed case whose period under its kind's rule ended (`now` at or after the expiry), no
 * active hold, and the disposing role; it records `CaseDisposed` with the inventory of the
 * case's events and data subjects, and shreds nothing itself (the engine's
 * `disposeExpired` does, through the personal-data store's `forget`).
 */
export const decideRecords = (command: unknown, state: RecordsState, context: RecordsContext): Decision => {
  const decoded = decodeTagged(recordsCommandCodecs, 'records command', command);
  if (E.isLeft(decoded)) return E.left(malformed(decoded.left));
  const shape = ContextShape.decode(context);
  if (E.isLeft(shape)) {
    const errors = formatDecodeErrors(shape.left);
    return E.left(rejection('InvalidContext', `The decision context is unusable: ${decodeErrorsMessage(errors)}.`, { errors }));
  }
  return decideChecked(decoded.right, state, context);
};
