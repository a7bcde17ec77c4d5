import { type Actor, type CaseRetentionRow, type RecordsRejection, type RetentionSchedule, type SubjectCaseRow, retentionExpiresAt } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import type { CommandFailure } from '../commandHandling/handleCommand.js';
import type { ProtectedEventStore } from '../personalData/protectPersonalData.js';
import type { RowProjectionRunner } from '../projections/rows/startRowProjection.js';
import { type ExecuteRecordsCommand, checkedSchedule } from './recordsCommandHandler.js';

/** Options of {@link disposeExpired}. */
export interface DisposeExpiredOptions {
  /** The records command path (`recordsCommandHandler`) over the same store. */
  readonly records: ExecuteRecordsCommand;
  /** The personal-data store whose `forget` shreds a subject's data key. */
  readonly store: ProtectedEventStore;
  /** The schedule the records handler decides with. */
  readonly schedule: RetentionSchedule;
  /** The archivist who approves the dispositions (recorded on each `CaseDisposed`). */
  readonly actor: Actor;
  /**
   * The instant to look for expired cases as of (ISO-8601 UTC); defaults to the system clock.
   * Each disposition is decided again by the records handler with its own clock (the time it
   * records): a case found here but not yet expired by that clock is refused, never disposed of.
   */
  readonly now?: string;
  /** Runners of `caseRetentionRows` and `subjectCaseRows` over the same store. */
  readonly retention: RowProjectionRunner<CaseRetentionRow>;
  readonly subjects: RowProjectionRunner<SubjectCaseRow>;
  /** Cases looked at per page of the retention read model. Default 100. */
  readonly pageSize?: number;
}

/** One case disposed of: the subjects whose data was shredded, and those another case still keeps. */
export interface DisposedCase {
  readonly caseId: string;
  readonly forgotten: readonly string[];
  readonly keptByOtherCases: readonly string[];
}

/** What {@link disposeExpired} did. */
export interface DisposeExpiredResult {
  readonly disposed: readonly DisposedCase[];
  /** Cases refused at disposition (a hold placed meanwhile, …), with the rejection. */
  readonly refused: readonly { readonly caseId: string; readonly rejection: RecordsRejection }[];
  /** Cases whose disposition could not be recorded (the store failed); run again. */
  readonly failed: readonly { readonly caseId: string; readonly failure: CommandFailure<RecordsRejection> }[];
}

/**
 * Disposes of every closed case whose retention period ended by `now` and that no hold
 * protects: for each kind with a period in `schedule`, the cases closed before `now` minus
 * that period are taken from the retention read model, oldest first; each is disposed of
 * through the records handler (`Dispose`, command id `dispose-<caseId>`, so a run repeated
 * after a crash records nothing twice), which checks hold and expiry again at decision
 * time; then each data subject of the case whose personal data no other case still keeps
 * is forgotten (`forget`: the `PersonalDataErased` event with the rule's basis, then the key
 * destroyed). Subjects another case keeps are left for that case's disposition. The case's
 * events stay, with their hashes: the history still verifies.
 *
 * @throws RangeError for a schedule that `checkRetentionSchedule` refuses, or a `now` that is no instant
 */
export const disposeExpired = async (options: DisposeExpiredOptions): Promise<DisposeExpiredResult> => {
  const { records, store, actor, retention, subjects } = options;
  const schedule = checkedSchedule(options.schedule, 'disposeExpired');
  const now = options.now ?? new Date().toISOString();
  if (Number.isNaN(Date.parse(now))) throw new RangeError(`disposeExpired: now must be an ISO-8601 instant (e.g. 2036-03-02T00:00:00.000Z), got ${JSON.stringify(now)}`);
  const pageSize = options.pageSize ?? 100;
  const disposed: DisposedCase[] = [];
  const refused: { caseId: string; rejection: RecordsRejection }[] = [];
  const failed: { caseId: string; failure: CommandFailure<RecordsRejection> }[] = [];
  for (const [kind, rule] of Object.entries(schedule)) {
    for (let after: readonly (string | number | null)[] | undefined, more = true; more;) {
      const page = await retention.query({ where: { kind, closed: 1, disposed: 0 }, orderBy: ['closedMs'], limit: pageSize, ...(after === undefined ? {} : { after }) });
      const due = page.rows.filter((row) => {
        const expiresAt = row.closedAt === null ? null : retentionExpiresAt(rule, row.closedAt);
        return expiresAt !== null && Date.parse(expiresAt) <= Date.parse(now);
      });
      for (const row of due) {
        const result = await records({ type: 'Dispose', commandId: `dispose-${row.caseId}`, caseId: row.caseId }, { actor });
        if (E.isLeft(result)) {
          if (result.left.kind === 'rejected') refused.push({ caseId: row.caseId, rejection: result.left.rejection });
          else failed.push({ caseId: row.caseId, failure: result.left });
          continue;
        }
        const event = result.right.events.find((e) => e.type === 'CaseDisposed');
        if (event?.type !== 'CaseDisposed') continue;
        if (result.right.lastPosition !== null) await subjects.waitFor(result.right.lastPosition);
        const forgotten: string[] = [];
        const keptByOtherCases: string[] = [];
        for (const subjectId of event.data.inventory.subjects) {
          const others = await subjects.query({ where: { subjectId, disposed: 0 }, orderBy: ['caseId'], limit: 2 });
          if (others.rows.some((r) => r.caseId !== row.caseId)) keptByOtherCases.push(subjectId);
          else {
            await store.forget(subjectId, { legalBasis: `${rule.basis}: retention of case ${row.caseId} ended ${event.data.expiredAt}`, orderedBy: actor.id });
            forgotten.push(subjectId);
          }
        }
        disposed.push({ caseId: row.caseId, forgotten, keptByOtherCases });
      }
      // Pages are in closing order: once a page holds a case not yet due, no later one is.
      more = page.next !== null && due.length === page.rows.length;
      after = page.next ?? undefined;
    }
  }
  return { disposed, refused, failed };
};
