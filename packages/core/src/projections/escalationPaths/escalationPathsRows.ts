import { type AnyCaseEvent, type CaseEventData, type CaseLink, isLifecycleEvent } from '../../events/caseEvent.js';
import type { JurisdictionDirectory } from '../../jurisdictions/directory.js';
import { keepParsedJsonText, parsedJsonText } from '../../internal/parsedJsonText.js';
import { maybeText, text } from '../rows/columns.js';
import type { RowProjection, RowTable, Rows } from '../rows/rowProjection.js';
import { isPlainObject, storedJson } from '../rows/storedJson.js';
import { StoredRowError } from '../rows/storedRowError.js';
import { caseLinksShape, pathStopsShape, resolutionTotalsByGroupShape } from '../shared/storedShapes.js';
import type { CasePath, PathStop } from './escalationPathsProjection.js';
import { subDistrictOf } from './escalationReport.js';
import { NO_TOTALS, type ResolutionTotals, addTotals, pathTotals } from './resolutionTotals.js';

/**
 * One row of the row-based escalation paths ({@link escalationPathsRows}), told apart by `record`:
 * - `case`: one per case stream: the case's path (`CasePath`: stops and links as JSON), the unit
 *   and level holding it now (where it settled, once settled), and its group;
 * - `figures`: one per case kind: the `ResolutionTotals` of its cases per sub-district (and of
 *   those outside every sub-district) as JSON, kept up to date event by event.
 * The columns the other kind does not use are `null`.
 */
export type EscalationPathRow = {
  /** The key: `case/<streamId>`, or `figures/<kind>`. */
  readonly id: string;
  readonly record: 'case' | 'figures';
  /** The case's kind (workflow id), or the figures row's. */
  readonly kind: string;
  /** The case's sub-district (see `subDistrictOf`); `null` outside every sub-district, and on a figures row. */
  readonly subDistrict: string | null;
  readonly caseId: string | null;
  readonly area: string | null;
  /** The unit holding the case now, and its level (the last stop). */
  readonly unit: string | null;
  readonly level: string | null;
  /** `PathStop[]` as JSON. */
  readonly stops: string | null;
  /** `CaseLink[]` as JSON. */
  readonly links: string | null;
  readonly outcome: string | null;
  readonly closedAt: string | null;
  /** A figures row's `ResolutionTotals` by sub-district as JSON (see {@link groupsOfRow}). */
  readonly totals: string | null;
};

/** The table: a case's row by case id (`byCase`), the figures rows by kind (`byRecord`). */
export const escalationPathsTable: RowTable<EscalationPathRow> = {
  key: 'id',
  columns: {
    id: text,
    record: text,
    kind: text,
    subDistrict: maybeText,
    caseId: maybeText,
    area: maybeText,
    unit: maybeText,
    level: maybeText,
    stops: maybeText,
    links: maybeText,
    outcome: maybeText,
    closedAt: maybeText,
    totals: maybeText,
  },
  indexes: {
    byCase: ['caseId'],
    byRecord: ['record', 'kind'],
  },
};

const caseKey = (streamId: string): string => `case/${streamId}`;

/** The key of a kind's figures row. */
const figuresKey = (kind: string): string => `figures/${kind}`;

/** The group of the cases outside every sub-district, in a figures row. */
export const OUTSIDE_SUB_DISTRICTS = '';

const groupName = (subDistrict: string | null): string => subDistrict ?? OUTSIDE_SUB_DISTRICTS;

/**
 * A figures row's totals by sub-district ({@link OUTSIDE_SUB_DISTRICTS} for those outside every one); none before its first case.
 * The result is shared: do not change it. A text parsed or written recently is not parsed again
 * (every event of a kind reads the totals its last event wrote).
 */
export const groupsOfRow = (row: EscalationPathRow | undefined): Readonly<Record<string, ResolutionTotals>> => {
  if (row === undefined || row.totals === null) return {};
  let groups: unknown;
  try {
    groups = parsedJsonText<unknown>(row.totals);
  } catch (error) {
    throw new StoredRowError(NAME, row.id, 'totals', `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (isPlainObject(groups) && checkedTotals.has(groups)) return groups as Readonly<Record<string, ResolutionTotals>>;
  if (!resolutionTotalsByGroupShape.is(groups)) throw new StoredRowError(NAME, row.id, 'totals', resolutionTotalsByGroupShape.problem(groups, 'totals') ?? 'not the totals the projection writes');
  checkedTotals.add(groups as object);
  return groups as Readonly<Record<string, ResolutionTotals>>;
};

/** The projection's name, as its bad stored rows are reported (`StoredRowError`). */
const NAME = 'escalationPathsRows';

/** The totals objects checked already (memoisation by the shared parsed value: a text is checked once, not on every event that reads it). */
const checkedTotals = new WeakSet<object>();

const blankFigures = { record: 'figures', subDistrict: null, caseId: null, area: null, unit: null, level: null, stops: null, links: null, outcome: null, closedAt: null } as const;

/** The path a case row keeps. */
export const pathOfRow = (row: EscalationPathRow): CasePath => ({
  caseId: row.caseId ?? '',
  kind: row.kind,
  area: row.area ?? '',
  stops: row.stops === null ? [] : storedJson<PathStop[]>(NAME, row.id, 'stops', row.stops, pathStopsShape),
  links: row.links === null ? [] : storedJson<CaseLink[]>(NAME, row.id, 'links', row.links, caseLinksShape),
  outcome: row.outcome as CaseEventData<'Closed'>['outcome'] | null,
  closedAt: row.closedAt,
});

/** The path after an event, or `null` when the event leaves it alone. */
const pathAfter = (path: CasePath, event: AnyCaseEvent): CasePath | null => {
  if (!isLifecycleEvent(event)) return null;
  const at = event.meta.occurredAt;
  switch (event.type) {
    case 'Routed': {
      const d = event.data;
      return { ...path, stops: [...path.stops, { unit: d.to, level: d.toLevel, arrivedAt: at, via: d.mode, from: d.from, reason: d.reason }] };
    }
    case 'CaseLinked': {
      const { caseId, kind, relation } = event.data;
      return { ...path, links: [...path.links, { caseId, kind, relation }] };
    }
    case 'Closed':
      return { ...path, outcome: event.data.outcome, closedAt: at };
    default:
      return null;
  }
};

/** The path a case's `Submitted` starts: the receiving unit, and the links it recorded. */
const submittedPath = (event: Extract<AnyCaseEvent, { type: 'Submitted' }>): CasePath => {
  const d = event.data;
  return {
    caseId: d.caseId,
    kind: event.meta.workflow.id,
    area: d.area,
    stops: [{ unit: d.receivingUnit, level: d.receivingLevel, arrivedAt: event.meta.occurredAt, via: 'received', from: null, reason: null }],
    links: (d.links ?? []).map(({ caseId, kind, relation }) => ({ caseId, kind, relation })),
    outcome: null,
    closedAt: null,
  };
};

/** A case's row. */
const caseRow = (streamId: string, path: CasePath, subDistrict: string | null): EscalationPathRow => {
  const holder = path.stops[path.stops.length - 1];
  return {
    id: caseKey(streamId),
    record: 'case',
    kind: path.kind,
    subDistrict,
    caseId: path.caseId,
    area: path.area,
    unit: holder?.unit ?? null,
    level: holder?.level ?? null,
    stops: JSON.stringify(path.stops),
    links: JSON.stringify(path.links),
    outcome: path.outcome,
    closedAt: path.closedAt,
    totals: null,
  };
};

/** Replaces a case's row and moves its kind's totals in its sub-district from the path `before` (`null`: a new case) to `after`. */
const changePath = (rows: Rows<EscalationPathRow>, streamId: string, before: CasePath | null, after: CasePath, subDistrict: string | null): void => {
  rows.put(caseRow(streamId, after, subDistrict));
  const groups = groupsOfRow(rows.get(figuresKey(after.kind)));
  const group = groupName(subDistrict);
  const held = groups[group] ?? NO_TOTALS;
  const moved = addTotals(before === null ? held : addTotals(held, pathTotals(before), -1), pathTotals(after));
  const totals = { ...groups, [group]: moved };
  const text = JSON.stringify(totals);
  keepParsedJsonText(text, totals);
  rows.put({ ...blankFigures, id: figuresKey(after.kind), kind: after.kind, totals: text });
};

/**
 * Escalation paths as rows: each case's path as {@link escalationPathsProjection} keeps it, and the
 * totals `escalationReport` computes its figures from, kept per kind and, within a kind, per
 * sub-district ("small aggregates stay aggregates, maintained incrementally"): an event that
 * changes a case's path replaces its case row and moves the totals of its kind and sub-district
 * by the difference between the case's contribution before and after. Each event touches two
 * rows, its case's and its kind's; the kind's row holds one entry per sub-district with cases of
 * that kind, so it is bounded by the directory, never by the number of cases. (Per kind, not per
 * kind and sub-district: `keysOf` sees only the event, and only a case's `Submitted` says where it
 * belongs.) The directory places a case in its sub-district when it is submitted: a changed
 * directory needs a new version. Read a path with {@link escalationPathQuery}, the report with
 * {@link escalationFiguresQuery} and {@link escalationReportOfRows}.
 *
 * @example
 * const runner = await startRowProjection({ store, rowStore, projection: escalationPathsRows(directory), decode: codec.decode });
 */
export const escalationPathsRows = (directory: JurisdictionDirectory): RowProjection<EscalationPathRow, AnyCaseEvent> => ({
  name: NAME,
  version: 1,
  table: escalationPathsTable,
  keysOf: ({ event, streamId }) => (isLifecycleEvent(event) ? [caseKey(streamId), figuresKey(event.meta.workflow.id)] : []),
  apply: (rows, { event, streamId }) => {
    if (!isLifecycleEvent(event)) return;
    if (event.type === 'Submitted') {
      const path = submittedPath(event);
      changePath(rows, streamId, null, path, subDistrictOf(directory, path));
      return;
    }
    const row = rows.get(caseKey(streamId));
    if (row === undefined) return;
    const before = pathOfRow(row);
    const after = pathAfter(before, event);
    if (after !== null) changePath(rows, streamId, before, after, row.subDistrict);
  },
});
