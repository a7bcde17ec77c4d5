/**
 * What records management needs to know of a case, read from its stream without decoding
 * it under its workflow: its kind, when it closed, how many events it holds, and the data
 * subjects whose personal data it holds (every object with a `subjectId` beside a `pii`).
 */
export interface CaseRecord {
  readonly caseId: string | null;
  /** The workflow id the case runs under; `null` before its first event. */
  readonly kind: string | null;
  /** When the case closed (the `Closed` event's occurredAt); `null` while open. */
  readonly closedAt: string | null;
  readonly events: number;
  readonly lastRevision: number;
  readonly subjects: readonly string[];
}

/** A case event as records management reads it: its type, data and metadata, undecoded. */
export interface CaseRecordEvent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: { readonly occurredAt?: unknown; readonly workflow?: unknown };
}

/** The record of a case with no events. */
export const emptyCaseRecord: CaseRecord = { caseId: null, kind: null, closedAt: null, events: 0, lastRevision: -1, subjects: [] };

const subjectsIn = (value: unknown, into: Set<string>): void => {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const item of value) subjectsIn(item, into);
    return;
  }
  const record = value as Readonly<Record<string, unknown>>;
  if (typeof record['subjectId'] === 'string' && 'pii' in record) into.add(record['subjectId']);
  for (const inner of Object.values(record)) subjectsIn(inner, into);
};

/** The record after one more event of the case's stream. */
export const evolveCaseRecord = (record: CaseRecord, event: CaseRecordEvent): CaseRecord => {
  const subjects = new Set(record.subjects);
  subjectsIn(event.data, subjects);
  const caseId = record.caseId ?? (typeof (event.data as { caseId?: unknown } | null)?.caseId === 'string' ? (event.data as { caseId: string }).caseId : null);
  const workflow = event.metadata.workflow as { id?: unknown } | undefined;
  const kind = record.kind ?? (typeof workflow?.id === 'string' ? workflow.id : null);
  const closedAt = event.type === 'Closed' && typeof event.metadata.occurredAt === 'string' ? event.metadata.occurredAt : record.closedAt;
  return { caseId, kind, closedAt, events: record.events + 1, lastRevision: record.lastRevision + 1, subjects: [...subjects] };
};
