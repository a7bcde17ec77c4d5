import { type AnyCaseEvent, type CaseEventData, isLifecycleEvent } from '../../events/caseEvent.js';
import { type JurisdictionDirectory, ancestry } from '../../jurisdictions/directory.js';
import type { UnitLevel } from '../../jurisdictions/unit.js';
import type { PublicStatus } from '../../status/publicStatus.js';
import { instantMillis } from '../../values/values.js';
import { integer, maybeText, text } from '../rows/columns.js';
import type { RowProjection, RowTable } from '../rows/rowProjection.js';
import type { CaseBoardEntry } from './caseBoardProjection.js';
import { stageAfter, statusAfter } from './stageAfter.js';

/**
 * One case on the row-based board ({@link caseBoardRows}): the document board's entry, keyed by
 * the case's stream, with what its queries filter and sort on: `open`, the submission time in
 * epoch milliseconds, and the holding unit's ancestors by level (its subtree columns).
 */
export type CaseBoardRow = {
  /** The key: the case's event stream. */
  readonly streamId: string;
  readonly caseId: string;
  readonly kind: string;
  readonly workflowVersion: number;
  readonly status: PublicStatus;
  readonly stage: string;
  readonly outcome: CaseEventData<'Closed'>['outcome'] | null;
  readonly owner: string;
  /** The unit holding the case now, and its level. */
  readonly unit: string;
  readonly level: UnitLevel;
  /** The holding unit's district, sub-district, community and grid (itself at its own level; `null` above it or when the directory does not know the unit). */
  readonly districtUnit: string | null;
  readonly subDistrictUnit: string | null;
  readonly communityUnit: string | null;
  readonly gridUnit: string | null;
  /** 1 while the case is not closed (its stage is not `closed`), 0 once closed. */
  readonly open: number;
  readonly submittedAt: string;
  /** `submittedAt` in epoch milliseconds: the board's sort order (with the case id). */
  readonly submittedMs: number;
  readonly lastEventAt: string;
};

/** The levels with a subtree column on the board, and the column of each. */
export const SUBTREE_COLUMNS = {
  district: 'districtUnit',
  subDistrict: 'subDistrictUnit',
  community: 'communityUnit',
  grid: 'gridUnit',
} as const satisfies Partial<Record<UnitLevel, keyof CaseBoardRow>>;

/** A unit's subtree columns: the row columns of {@link SUBTREE_COLUMNS} (the case board's, the deadlines' and the statistics' rows have them). */
export type SubtreeColumns = Readonly<Record<(typeof SUBTREE_COLUMNS)[keyof typeof SUBTREE_COLUMNS], string | null>>;

/** A unit's subtree columns, from the directory (itself at its own level; `null` above it or for a unit the directory does not know). */
export const subtreeColumnsOf = (directory: JurisdictionDirectory, unit: string): SubtreeColumns => {
  const columns: { -readonly [C in keyof SubtreeColumns]: string | null } = { districtUnit: null, subDistrictUnit: null, communityUnit: null, gridUnit: null };
  for (const above of ancestry(directory, unit)) {
    if (above.level in SUBTREE_COLUMNS) columns[SUBTREE_COLUMNS[above.level as keyof typeof SUBTREE_COLUMNS]] = above.id;
  }
  return columns;
};

/** The board's table: its columns and the indexes its queries ({@link caseBoardQuery}) are answered from. */
export const caseBoardTable: RowTable<CaseBoardRow> = {
  key: 'streamId',
  columns: {
    streamId: text,
    caseId: text,
    kind: text,
    workflowVersion: integer,
    status: text,
    stage: text,
    outcome: maybeText,
    owner: text,
    unit: text,
    level: text,
    districtUnit: maybeText,
    subDistrictUnit: maybeText,
    communityUnit: maybeText,
    gridUnit: maybeText,
    open: integer,
    submittedAt: text,
    submittedMs: integer,
    lastEventAt: text,
  },
  indexes: {
    byCase: ['caseId'],
    byOpen: ['open', 'submittedMs', 'caseId'],
    byUnit: ['unit', 'open', 'submittedMs', 'caseId'],
    byDistrict: ['districtUnit', 'open', 'submittedMs', 'caseId'],
    bySubDistrict: ['subDistrictUnit', 'open', 'submittedMs', 'caseId'],
    byCommunity: ['communityUnit', 'open', 'submittedMs', 'caseId'],
    byGrid: ['gridUnit', 'open', 'submittedMs', 'caseId'],
    byKindStatus: ['kind', 'status', 'submittedMs', 'caseId'],
    byStatus: ['status', 'submittedMs', 'caseId'],
    byStage: ['stage', 'submittedMs', 'caseId'],
    bySubmitted: ['submittedMs', 'caseId'],
    byKind: ['kind', 'submittedMs', 'caseId'],
    byLastEvent: ['lastEventAt'],
  },
};

/** The document board's entry of a row (what the CLI's dashboards and `casesOnBoard` list). */
export const boardEntryOf = (row: CaseBoardRow): CaseBoardEntry => ({
  caseId: row.caseId,
  kind: row.kind,
  workflowVersion: row.workflowVersion,
  status: row.status,
  stage: row.stage,
  outcome: row.outcome,
  owner: row.owner,
  unit: row.unit,
  level: row.level,
  submittedAt: row.submittedAt,
  lastEventAt: row.lastEventAt,
});

/**
 * The case board as rows: one row per case, the same stage, status, unit and times as
 * {@link caseBoardProjection}'s entries, with the holding unit's ancestors (from `directory`) for
 * subtree queries. Each event changes its case's row only. A changed directory (a unit moved
 * under another parent) needs a new version, so that the rows are rebuilt with the new subtrees.
 * Version 2 added the indexes of the whole board's listing (`bySubmitted`), a kind's (`byKind`)
 * and of the latest event (`byLastEvent`).
 *
 * @example
 * const runner = await startRowProjection({ store, rowStore, projection: caseBoardRows(directory), decode: codec.decode });
 * await runner.query(caseBoardQuery(directory, { unit: 'guandu-guanshang', open: true, limit: 20 }));
 */
export const caseBoardRows = (directory: JurisdictionDirectory): RowProjection<CaseBoardRow, AnyCaseEvent> => ({
  name: 'caseBoardRows',
  version: 2,
  table: caseBoardTable,
  keysOf: (envelope) => [envelope.streamId],
  apply: (rows, envelope) => {
    const { event, streamId } = envelope;
    const at = event.meta.occurredAt;
    const lifecycle = isLifecycleEvent(event) ? event : null;
    if (lifecycle?.type === 'Submitted') {
      const { receivingUnit: unit, receivingLevel: level, caseId } = lifecycle.data;
      rows.put({
        streamId,
        caseId,
        kind: event.meta.workflow.id,
        workflowVersion: event.meta.workflow.version,
        status: event.meta.status ?? 'unreviewed',
        stage: event.meta.stage ?? 'submitted',
        outcome: null,
        owner: unit,
        unit,
        level,
        ...subtreeColumnsOf(directory, unit),
        open: 1,
        submittedAt: at,
        submittedMs: instantMillis(at),
        lastEventAt: at,
      });
      return;
    }
    const row = rows.get(streamId);
    if (row === undefined) return;
    const stage = stageAfter(row.stage, row.owner, event);
    const outcome = lifecycle?.type === 'Closed' ? lifecycle.data.outcome : row.outcome;
    const routed = lifecycle?.type === 'Routed' ? { unit: lifecycle.data.to, level: lifecycle.data.toLevel, ...subtreeColumnsOf(directory, lifecycle.data.to) } : {};
    rows.put({
      ...row,
      ...routed,
      stage,
      status: statusAfter(event, stage, outcome, at),
      outcome,
      open: stage === 'closed' ? 0 : 1,
      lastEventAt: at,
    });
  },
});
