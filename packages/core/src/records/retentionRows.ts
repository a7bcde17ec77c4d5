import type { Envelope } from '../projections/projection.js';
import type { RowProjection, RowTable } from '../projections/rows/rowProjection.js';
import { instantMillis } from '../values/values.js';
import { type CaseRecordEvent, emptyCaseRecord, evolveCaseRecord } from './caseRecord.js';

/**
 * Records management's read models: which closed cases await disposition, and which cases
 * keep each data subject's personal data. Both read the store's events undecoded (case
 * streams `case-…` and records streams `records-…`), as {@link evolveCaseRecord} does, so
 * they follow every case kind without its workflow.
 */

/** One case: its kind, when it closed, its active holds, and whether it was disposed of. */
export type CaseRetentionRow = {
  readonly caseId: string;
  readonly kind: string;
  /** 1 once the case closed. */
  readonly closed: number;
  /** The closing time in epoch milliseconds (0 while open): the disposition order. */
  readonly closedMs: number;
  readonly closedAt: string | null;
  readonly holds: number;
  /** 1 once the case was disposed of. */
  readonly disposed: number;
};

/** One data subject in one case: whether that case was disposed of. */
export type SubjectCaseRow = {
  /** The key: `subjectId`, a space, `caseId` (ids hold no spaces). */
  readonly key: string;
  readonly subjectId: string;
  readonly caseId: string;
  readonly disposed: number;
};

const text = { type: 'text' } as const;
const integer = { type: 'integer' } as const;

/** The table of {@link caseRetentionRows}: cases awaiting disposition are found by kind, in closing order. */
export const caseRetentionTable: RowTable<CaseRetentionRow> = {
  key: 'caseId',
  columns: { caseId: text, kind: text, closed: integer, closedMs: integer, closedAt: { type: 'text', nullable: true }, holds: integer, disposed: integer },
  indexes: { awaitingDisposition: ['kind', 'closed', 'disposed', 'closedMs'] },
};

/** The table of {@link subjectCaseRows}: a subject's cases not disposed of are found by subject. */
export const subjectCaseTable: RowTable<SubjectCaseRow> = {
  key: 'key',
  columns: { key: text, subjectId: text, caseId: text, disposed: integer },
  indexes: { bySubject: ['subjectId', 'disposed', 'caseId'] },
};

/** The case a records or case stream belongs to: `case-X` and `records-X` → `X`; `null` for other streams. */
export const caseIdOfRecordsStream = (streamId: string): string | null => {
  const match = /^(?:case|records)-(.+)$/.exec(streamId);
  return match === null ? null : match[1]!;
};

const isRecords = (streamId: string): boolean => streamId.startsWith('records-');
const dataOf = (event: CaseRecordEvent): Readonly<Record<string, unknown>> => (typeof event.data === 'object' && event.data !== null ? (event.data as Readonly<Record<string, unknown>>) : {});

/** The cases' retention rows: one per case, from its case stream (kind, closing) and its records stream (holds, disposition). */
export const caseRetentionRows: RowProjection<CaseRetentionRow, CaseRecordEvent> = {
  name: 'caseRetention',
  version: 1,
  table: caseRetentionTable,
  keysOf: ({ streamId }) => {
    const caseId = caseIdOfRecordsStream(streamId);
    return caseId === null ? [] : [caseId];
  },
  apply: (rows, { streamId, event }: Envelope<CaseRecordEvent>) => {
    const caseId = caseIdOfRecordsStream(streamId)!;
    const row = rows.get(caseId) ?? { caseId, kind: '', closed: 0, closedMs: 0, closedAt: null, holds: 0, disposed: 0 };
    if (isRecords(streamId)) {
      const holds = row.holds + (event.type === 'LegalHoldPlaced' ? 1 : event.type === 'LegalHoldLifted' ? -1 : 0);
      rows.put({ ...row, holds, disposed: event.type === 'CaseDisposed' ? 1 : row.disposed });
      return;
    }
    const record = evolveCaseRecord({ ...emptyCaseRecord, caseId, kind: row.kind === '' ? null : row.kind, closedAt: row.closedAt }, event);
    const closedAt = record.closedAt;
    rows.put({ ...row, kind: record.kind ?? '', closed: closedAt === null ? 0 : 1, closedMs: closedAt === null ? 0 : instantMillis(closedAt), closedAt });
  },
};

const subjectsOf = (event: CaseRecordEvent): readonly string[] => evolveCaseRecord(emptyCaseRecord, event).subjects;
const keyOf = (subjectId: string, caseId: string): string => `${subjectId} ${caseId}`;

/** Subjects by case: a row for each data subject a case's events name; a disposition marks its subjects' rows. */
export const subjectCaseRows: RowProjection<SubjectCaseRow, CaseRecordEvent> = {
  name: 'subjectCases',
  version: 1,
  table: subjectCaseTable,
  keysOf: ({ streamId, event }) => {
    const caseId = caseIdOfRecordsStream(streamId);
    if (caseId === null) return [];
    if (!isRecords(streamId)) return subjectsOf(event).map((s) => keyOf(s, caseId));
    if (event.type !== 'CaseDisposed') return [];
    const subjects = (dataOf(event)['inventory'] as { subjects?: unknown } | undefined)?.subjects;
    return Array.isArray(subjects) ? subjects.filter((s): s is string => typeof s === 'string').map((s) => keyOf(s, caseId)) : [];
  },
  apply: (rows, envelope) => {
    const caseId = caseIdOfRecordsStream(envelope.streamId)!;
    const disposed = isRecords(envelope.streamId) ? 1 : 0;
    const subjects = disposed === 1 ? subjectCaseRows.keysOf(envelope).map((key) => key.slice(0, key.indexOf(' '))) : subjectsOf(envelope.event);
    for (const subjectId of subjects) {
      const key = keyOf(subjectId, caseId);
      const row = rows.get(key);
      if (disposed === 1 || row === undefined) rows.put({ key, subjectId, caseId, disposed: Math.max(disposed, row?.disposed ?? 0) });
    }
  },
};
