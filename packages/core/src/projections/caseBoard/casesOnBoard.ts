import type { UnitLevel } from '../../jurisdictions/unit.js';
import type { PublicStatus } from '../../status/publicStatus.js';
import { valuesIn } from '../shared/shardedRecord.js';
import { compareInstants, compareText } from '../shared/order.js';
import type { CaseBoardCounts, CaseBoardEntry, CaseBoardState } from './caseBoardProjection.js';
import { addCount } from '../shared/counts.js';

/** Which cases to list; every given criterion must hold (none given: every case). */
export interface CaseBoardFilter {
  /** The case kind (workflow id), e.g. `gridEvent`. */
  readonly kind?: string;
  readonly status?: PublicStatus;
  readonly stage?: string;
  readonly unit?: string;
  readonly level?: UnitLevel;
  /** `true`: only cases not closed; `false`: only closed ones. */
  readonly open?: boolean;
}

const matches = (entry: CaseBoardEntry, filter: CaseBoardFilter): boolean =>
  (filter.kind === undefined || entry.kind === filter.kind) &&
  (filter.status === undefined || entry.status === filter.status) &&
  (filter.stage === undefined || entry.stage === filter.stage) &&
  (filter.unit === undefined || entry.unit === filter.unit) &&
  (filter.level === undefined || entry.level === filter.level) &&
  (filter.open === undefined || (entry.stage !== 'closed') === filter.open);

/**
 * The cases of one bucket of the board (or any combination of criteria), oldest
 * submission first, ties by case id. One pass over the board's cases.
 *
 * @example
 * casesOnBoard(board, { status: 'unreviewed', unit: 'majie' }).map((c) => c.caseId);
 */
export const casesOnBoard = (state: CaseBoardState, filter: CaseBoardFilter = {}): readonly CaseBoardEntry[] =>
  valuesIn(state.cases)
    .filter((entry) => matches(entry, filter))
    .sort((a, b) => compareInstants(a.submittedAt, b.submittedAt) || compareText(a.caseId, b.caseId));

/**
 * The board's counts over the cases matching `filter` only, e.g. one kind's board:
 * `countsOnBoard(board, { kind: 'petition' })`. Without a filter it equals `state.counts`.
 * One pass over the board's cases.
 */
export const countsOnBoard = (state: CaseBoardState, filter: CaseBoardFilter = {}): CaseBoardCounts => {
  const counts = { total: 0, open: 0, byStatus: {}, byStage: {}, byUnit: {}, byLevel: {}, byKind: {}, byKindStatus: {} as Record<string, Record<string, number>> };
  for (const entry of valuesIn(state.cases)) {
    if (!matches(entry, filter)) continue;
    counts.total += 1;
    if (entry.stage !== 'closed') counts.open += 1;
    addCount(counts.byStatus, entry.status);
    addCount(counts.byStage, entry.stage);
    addCount(counts.byUnit, entry.unit);
    addCount(counts.byLevel, entry.level);
    addCount(counts.byKind, entry.kind);
    addCount((counts.byKindStatus[entry.kind] ??= {}), entry.status);
  }
  return counts;
};
