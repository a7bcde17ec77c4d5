import type { Calendar } from '../../calendar/calendar.js';
import { workflowLabel } from '../../workflow/workflow.js';
import { checkArgument, checkCriteria, cursorRule, limitRule, textRule } from '../caseBoard/checkCriteria.js';
import type { RowCursor, RowQuery } from '../rows/rowProjection.js';
import { storedJson } from '../rows/storedJson.js';
import type { ClockChange, RuleBook } from '../shared/clockBook.js';
import { shardOf } from '../shared/shardedRecord.js';
import { clockChangeShape, eventDescriptionShape } from '../shared/storedShapes.js';
import type { CaseTimelineRecord, TimelineEntry } from './caseTimelineProjection.js';
import type { CaseTimelineRow } from './caseTimelineRows.js';
import { type EventDescription, WITHHELD_DESCRIPTION } from './eventDescription.js';
import { type CaseTimeline, timelineOf } from './timelineOf.js';

/** Paging of {@link caseTimelineQuery}. */
export interface CaseTimelinePaging {
  /** Rows per page. Default 1,000. */
  readonly limit?: number;
  /** The `next` of the page before. */
  readonly after?: RowCursor;
}

/**
 * The rows of one case's timeline ({@link caseTimelineRows}), by revision: its case row first,
 * then one row per event; keyset-paged, answered from the `byCase` index. Throws a
 * `ReportInputError` for a case id that is not text, a limit that is not a whole number of 1 or
 * more, an `after` that is not a list, or a paging option given `undefined`.
 *
 * @example
 * const page = await runner.query(caseTimelineQuery('M-1'));
 */
export const caseTimelineQuery = (caseId: string, paging: CaseTimelinePaging = {}): RowQuery<CaseTimelineRow> => {
  checkArgument('caseTimelineQuery', 'caseId', caseId, textRule('a case id', null));
  checkCriteria('caseTimelineQuery', paging, { limit: limitRule('read 1,000 rows a page'), after: cursorRule });
  return { where: { caseId }, orderBy: ['revision'], limit: paging.limit ?? 1000, ...(paging.after === undefined ? {} : { after: paging.after }) };
};

/**
 * The rule rows of one workflow version (the kind and version on a case's row): their labels,
 * bases and extension limits, answered from the `byRules` index. A workflow has a few rules: one
 * page of 1,000 holds them. Throws a `ReportInputError` for a kind that is not text or a
 * version that is not a whole number.
 */
export const caseTimelineRulesQuery = (kind: string, workflowVersion: number): RowQuery<CaseTimelineRow> => {
  checkArgument('caseTimelineRulesQuery', 'kind', kind, textRule('a case kind, the workflow id', null));
  checkArgument('caseTimelineRulesQuery', 'workflowVersion', workflowVersion, { fits: Number.isSafeInteger, expected: 'a whole number (the version on the case row)', absent: null });
  return { where: { record: 'rule', kind, workflowVersion }, orderBy: [], limit: 1000 };
};

/** The document timeline's entry of an event row. */
const entryOf = (row: CaseTimelineRow): TimelineEntry => ({
  revision: row.revision,
  type: row.type ?? '',
  occurredAt: row.occurredAt ?? '',
  ...(row.recordedAt === null ? {} : { recordedAt: row.recordedAt }),
  actor: { id: row.actorId ?? '', role: row.actorRole ?? '', unit: row.actorUnit ?? '' },
  summary: row.summary ?? '',
  description: row.description === null ? WITHHELD_DESCRIPTION : storedJson<EventDescription>('caseTimelineRows', row.id, 'description', row.description, eventDescriptionShape),
  ...(row.clocks === null ? {} : { clocks: storedJson<ClockChange>('caseTimelineRows', row.id, 'clocks', row.clocks, clockChangeShape) }),
});

/**
 * A case's timeline from its rows, exactly as `timelineOf` returns it from the document
 * timeline: `rows` are the case's rows (every page of {@link caseTimelineQuery}, in any order)
 * and the rule rows of its workflow version ({@link caseTimelineRulesQuery}); other rows are
 * ignored. `null` when there is no case row for `caseId`.
 *
 * @example
 * const caseRows = (await runner.query(caseTimelineQuery('M-1'))).rows;
 * const head = caseRows[0];
 * const rules = head === undefined ? [] : (await runner.query(caseTimelineRulesQuery(head.kind, head.workflowVersion))).rows;
 * const timeline = timelineOfRows([...caseRows, ...rules], 'M-1', calendar);
 */
export const timelineOfRows = (rows: readonly CaseTimelineRow[], caseId: string, calendar: Calendar): CaseTimeline | null => {
  const head = rows.find((row) => row.record === 'case' && row.caseId === caseId);
  if (head === undefined) return null;
  const workflow = { id: head.kind, version: head.workflowVersion };
  const rules: Record<string, RuleBook[string]> = {};
  for (const row of rows) {
    if (row.record === 'rule' && row.kind === workflow.id && row.workflowVersion === workflow.version && row.rule !== null) {
      rules[row.rule] = { label: row.label ?? '', basis: row.basis ?? '', maxExtension: row.maxExtension ?? 0 };
    }
  }
  const entries = rows
    .filter((row) => row.record === 'event' && row.caseId === caseId)
    .sort((a, b) => a.revision - b.revision)
    .map(entryOf);
  const record: CaseTimelineRecord = { kind: head.kind, workflowVersion: head.workflowVersion, entries };
  // The document timeline's state with this one case: timelineOf replays its clocks.
  return timelineOf({ streams: {}, rules: { [workflowLabel(workflow)]: rules }, cases: { [shardOf(caseId)]: { [caseId]: record } } }, caseId, calendar);
};
