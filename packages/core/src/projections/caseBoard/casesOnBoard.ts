import type { UnitLevel } from '../../jurisdictions/unit.js';
import type { PublicStatus } from '../../status/publicStatus.js';
import { valuesIn } from '../shared/shardedRecord.js';
import { compareInstants, compareText } from '../shared/order.js';
import type { CaseBoardEntry, CaseBoardState } from './caseBoardProjection.js';

/** Which cases to list; every given criterion must hold (none given: every case). */
export interface CaseBoardFilter {
  readonly status?: PublicStatus;
  readonly stage?: string;
  readonly unit?: string;
  readonly level?: UnitLevel;
  /** `true`: only cases not closed; `false`: only closed ones. */
  readonly open?: boolean;
}

const matches = (entry: CaseBoardEntry, filter: CaseBoardFilter): boolean =>
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
