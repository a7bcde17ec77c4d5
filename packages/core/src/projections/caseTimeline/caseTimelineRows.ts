import { type AnyCaseEvent, isLifecycleEvent } from '../../events/caseEvent.js';
import { integer, maybeText, text } from '../rows/columns.js';
import type { RowProjection, RowTable } from '../rows/rowProjection.js';
import { clockChangeOf } from '../shared/clockBook.js';
import { recordedLateAt } from '../shared/recordedLate.js';
import { describeEvent } from './eventDescription.js';
import { englishSummary } from './eventSummary.js';

/**
 * One row of the row-based timelines ({@link caseTimelineRows}). The table holds three kinds of
 * row, told apart by `record`; the columns another kind does not use are `null`:
 * - `case`: one per case stream (revision -1, so it sorts first): its case id, kind and workflow version;
 * - `event`: one per event of a case: what {@link TimelineEntry} holds, the clock change as JSON;
 * - `rule`: one per deadline rule of a workflow version (`kind`, `workflowVersion`): its label, basis
 *   and extension limit, the last seen winning (as the document timeline's rule library).
 */
export type CaseTimelineRow = {
  /** The key: `case/<streamId>`, `event/<streamId>/<revision, 12 digits>` or `rule/["<kind>",<version>,"<rule>"]`. */
  readonly id: string;
  readonly record: 'case' | 'event' | 'rule';
  /** The case (case and event rows). */
  readonly caseId: string | null;
  /** The event's revision in its stream; -1 on a case row, 0 on a rule row. */
  readonly revision: number;
  /** The case's kind (workflow id) and its workflow's version; a rule row's workflow. */
  readonly kind: string;
  readonly workflowVersion: number;
  readonly type: string | null;
  readonly occurredAt: string | null;
  /** Set only on an event recorded late (see `recordedLateAt`). */
  readonly recordedAt: string | null;
  readonly actorId: string | null;
  readonly actorRole: string | null;
  readonly actorUnit: string | null;
  readonly summary: string | null;
  /** The line's `EventDescription` as JSON (event rows). */
  readonly description: string | null;
  /** The event's `ClockChange` as JSON; `null` when it changed no clock. */
  readonly clocks: string | null;
  readonly rule: string | null;
  readonly label: string | null;
  readonly basis: string | null;
  readonly maxExtension: number | null;
};

/** The timelines' table: a case's rows by revision (`byCase`), a workflow version's rules (`byRules`). */
export const caseTimelineTable: RowTable<CaseTimelineRow> = {
  key: 'id',
  columns: {
    id: text,
    record: text,
    caseId: maybeText,
    revision: integer,
    kind: text,
    workflowVersion: integer,
    type: maybeText,
    occurredAt: maybeText,
    recordedAt: maybeText,
    actorId: maybeText,
    actorRole: maybeText,
    actorUnit: maybeText,
    summary: maybeText,
    description: maybeText,
    clocks: maybeText,
    rule: maybeText,
    label: maybeText,
    basis: maybeText,
    maxExtension: { type: 'integer', nullable: true },
  },
  indexes: {
    byCase: ['caseId', 'revision'],
    byRules: ['record', 'kind', 'workflowVersion'],
  },
};

/** The key of a stream's case row. */
const caseKey = (streamId: string): string => `case/${streamId}`;

/** The key of an event's row: revisions zero-padded, so a stream's event keys sort by revision too. */
const eventKey = (streamId: string, revision: bigint): string => `event/${streamId}/${String(revision).padStart(12, '0')}`;

/** The key of a rule's row (ids may hold any character: JSON keeps two rules' keys apart). */
const ruleKey = (workflow: { readonly id: string; readonly version: number }, rule: string): string => `rule/${JSON.stringify([workflow.id, workflow.version, rule])}`;

/** A row with every column of the other kinds of row `null`. */
const blank = {
  caseId: null,
  type: null,
  occurredAt: null,
  recordedAt: null,
  actorId: null,
  actorRole: null,
  actorUnit: null,
  summary: null,
  description: null,
  clocks: null,
  rule: null,
  label: null,
  basis: null,
  maxExtension: null,
} as const;

/**
 * Case timelines as rows: the same entries, kinds and rules as {@link caseTimelineProjection},
 * one row per event instead of one growing record per case. Each event reads its stream's case
 * row and writes its own row, and the rows of the rules it starts clocks for (only those whose
 * label, basis or limit changed): a bounded number of rows, whatever the store holds. Read a
 * case with {@link caseTimelineQuery} and {@link caseTimelineRulesQuery}, and turn the rows into
 * what `timelineOf` returns with {@link timelineOfRows}. Version 2 adds each event row's
 * `description`.
 *
 * @example
 * const runner = await startRowProjection({ store, rowStore, projection: caseTimelineRows, decode: codec.decode });
 */
export const caseTimelineRows: RowProjection<CaseTimelineRow, AnyCaseEvent> = {
  name: 'caseTimelineRows',
  version: 2,
  table: caseTimelineTable,
  keysOf: ({ streamId, revision, event }) => [caseKey(streamId), eventKey(streamId, revision), ...event.meta.deadlines.started.map((d) => ruleKey(event.meta.workflow, d.rule))],
  apply: (rows, envelope) => {
    const { event, streamId } = envelope;
    const { workflow } = event.meta;
    if (isLifecycleEvent(event) && event.type === 'Submitted') {
      rows.put({ ...blank, id: caseKey(streamId), record: 'case', caseId: event.data.caseId, revision: -1, kind: workflow.id, workflowVersion: workflow.version });
    }
    const known = rows.get(caseKey(streamId));
    if (known === undefined) return;
    for (const d of event.meta.deadlines.started) {
      const id = ruleKey(workflow, d.rule);
      const rule = rows.get(id);
      if (rule !== undefined && rule.label === d.label && rule.basis === d.basis && rule.maxExtension === d.maxExtension) continue;
      rows.put({ ...blank, id, record: 'rule', revision: 0, kind: workflow.id, workflowVersion: workflow.version, rule: d.rule, label: d.label, basis: d.basis, maxExtension: d.maxExtension });
    }
    const { id, role, unit } = event.meta.actor;
    const clocks = clockChangeOf(event);
    const description = describeEvent(event);
    rows.put({
      ...blank,
      id: eventKey(streamId, envelope.revision),
      record: 'event',
      caseId: known.caseId,
      revision: Number(envelope.revision),
      kind: known.kind,
      workflowVersion: known.workflowVersion,
      type: event.type,
      occurredAt: event.meta.occurredAt,
      recordedAt: recordedLateAt(envelope),
      actorId: id,
      actorRole: role,
      actorUnit: unit,
      summary: englishSummary(description),
      description: JSON.stringify(description),
      clocks: clocks === null ? null : JSON.stringify(clocks),
    });
  },
};
