import { type JurisdictionDirectory, ancestry } from '../../jurisdictions/directory.js';
import type { UnitLevel } from '../../jurisdictions/unit.js';
import { type Counts, share } from '../shared/counts.js';
import { compareText } from '../shared/order.js';
import { valuesIn } from '../shared/shardedRecord.js';
import type { CasePath, EscalationPathsState } from './escalationPathsProjection.js';
import { NO_TOTALS, type ResolutionTotals, addTotals, pathTotals } from './resolutionTotals.js';

/** The levels that keep a matter "within the grid or the building" (小事不出网格/楼栋). */
export const LEVELS_WITHIN_GRID: readonly UnitLevel[] = ['microGrid', 'grid'];

/** The levels that keep a small matter "within the community" (小事不出社区). */
export const LEVELS_WITHIN_COMMUNITY: readonly UnitLevel[] = ['microGrid', 'grid', 'community'];

/** The levels that keep a matter "within the sub-district" (小事不出社区、大事不出街道). */
export const LEVELS_WITHIN_SUB_DISTRICT: readonly UnitLevel[] = ['microGrid', 'grid', 'community', 'subDistrict'];

/** Options of {@link escalationReport}. */
export interface EscalationReportOptions {
  /** Only cases of this kind (workflow id); every kind when absent. */
  readonly kind?: string;
}

/** Where a group of cases was resolved, and how often they were escalated. */
export interface ResolutionFigures {
  readonly cases: number;
  readonly closed: number;
  /**
   * Cases converted into a case of another kind (a `convertedTo` link, e.g. a grid event
   * that is a civil dispute going to mediation): the matter is resolved, if at all, under the
   * other case, so they never count as settled here, whatever outcome they closed with.
   */
  readonly converted: number;
  /** Cases closed with outcome `settled` (resolved), not converted. */
  readonly settled: number;
  /** Settled cases by the level of the unit holding them when they closed. */
  readonly settledByLevel: Counts;
  /** `settledByLevel[level] ÷ settled`, for every level in `settledByLevel`. */
  readonly settledShareByLevel: Readonly<Record<string, number>>;
  /** Settled while held at micro-grid or grid level (小事不出网格/楼栋). */
  readonly settledWithinGrid: number;
  /** `settledWithinGrid ÷ settled`; `null` when nothing was settled. */
  readonly withinGridShare: number | null;
  /** Settled while held at micro-grid, grid or community level (小事不出社区). */
  readonly settledWithinCommunity: number;
  /** `settledWithinCommunity ÷ settled`; `null` when nothing was settled. */
  readonly withinCommunityShare: number | null;
  /** Settled while held at micro-grid, grid, community or sub-district level. */
  readonly settledWithinSubDistrict: number;
  /** `settledWithinSubDistrict ÷ settled`; `null` when nothing was settled. */
  readonly withinSubDistrictShare: number | null;
  /** Cases escalated at least once. */
  readonly casesEscalated: number;
  /** `Routed` events with mode `escalate`. */
  readonly escalations: number;
  /** Escalations by step, e.g. `community→subDistrict`. */
  readonly escalationsByStep: Counts;
}

/** The whole report: all cases, and the same figures per kind and per sub-district. */
export interface EscalationReport {
  readonly overall: ResolutionFigures;
  /** By case kind (workflow id): every kind with a case. */
  readonly byKind: Readonly<Record<string, ResolutionFigures>>;
  /** By sub-district unit id (see {@link subDistrictOf}). */
  readonly bySubDistrict: Readonly<Record<string, ResolutionFigures>>;
  /** Cases that belong to no sub-district (their area and receiving unit sit above one, or are unknown). */
  readonly outsideSubDistricts: ResolutionFigures;
}

const settledAt = (settledByLevel: Counts, levels: readonly UnitLevel[]): number => levels.reduce((sum, level) => sum + (settledByLevel[level] ?? 0), 0);

/** Groups paths by a key, in the order keys are first met. */
const groupBy = <K extends string | null>(items: readonly CasePath[], key: (path: CasePath) => K): Map<K, CasePath[]> => {
  const groups = new Map<K, CasePath[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group === undefined) groups.set(k, [item]);
    else group.push(item);
  }
  return groups;
};

/**
 * The sub-district a case belongs to: the sub-district at or above the area where the
 * dispute arose, else at or above its receiving unit; `null` when there is none.
 */
export const subDistrictOf = (directory: JurisdictionDirectory, path: CasePath): string | null => {
  const find = (unitId: string | undefined) => (unitId === undefined ? undefined : ancestry(directory, unitId).find((unit) => unit.level === 'subDistrict')?.id);
  return find(path.area) ?? find(path.stops[0]?.unit) ?? null;
};

/** The figures of a group of cases from its totals: the counts, and the shares settled at each level and within the grid, community and sub-district. */
export const resolutionFigures = (totals: ResolutionTotals): ResolutionFigures => {
  const { settled, settledByLevel } = totals;
  const settledWithinGrid = settledAt(settledByLevel, LEVELS_WITHIN_GRID);
  const settledWithinCommunity = settledAt(settledByLevel, LEVELS_WITHIN_COMMUNITY);
  const settledWithinSubDistrict = settledAt(settledByLevel, LEVELS_WITHIN_SUB_DISTRICT);
  return {
    cases: totals.cases,
    closed: totals.closed,
    converted: totals.converted,
    settled,
    settledByLevel,
    settledShareByLevel: Object.fromEntries(Object.entries(settledByLevel).map(([level, n]) => [level, n / settled])),
    settledWithinGrid,
    withinGridShare: share(settledWithinGrid, settled),
    settledWithinCommunity,
    withinCommunityShare: share(settledWithinCommunity, settled),
    settledWithinSubDistrict,
    withinSubDistrictShare: share(settledWithinSubDistrict, settled),
    casesEscalated: totals.casesEscalated,
    escalations: totals.escalations,
    escalationsByStep: totals.escalationsByStep,
  };
};

const figuresOf = (paths: readonly CasePath[]): ResolutionFigures => resolutionFigures(paths.reduce((sum, path) => addTotals(sum, pathTotals(path)), NO_TOTALS));

/** Figures per key, keys in code-unit order; the `null` group is left out. */
const figuresByKey = (groups: Map<string | null, CasePath[]>): Record<string, ResolutionFigures> => {
  const out: Record<string, ResolutionFigures> = {};
  for (const key of [...groups.keys()].filter((k): k is string => k !== null).sort(compareText)) out[key] = figuresOf(groups.get(key) ?? []);
  return out;
};

/**
 * Where cases are resolved — "small matters stay in the grid, the building, the community;
 * big ones in the sub-district" (小事不出网格/楼栋、小事不出社区、大事不出街道) — overall, per case
 * kind and per sub-district (of one kind only, with `kind`). A case is **resolved at a
 * level** when it closed with outcome `settled`, not converted into another case, while held
 * by a unit of that level (`department` for a functional department). One pass over the
 * cases; the directory places cases in sub-districts.
 */
export const escalationReport = (state: EscalationPathsState, directory: JurisdictionDirectory, options: EscalationReportOptions = {}): EscalationReport => {
  const all = valuesIn(state.cases).filter((path) => options.kind === undefined || path.kind === options.kind);
  const bySubDistrict = groupBy(all, (path) => subDistrictOf(directory, path));
  return {
    overall: figuresOf(all),
    byKind: figuresByKey(groupBy(all, (path) => path.kind)),
    bySubDistrict: figuresByKey(bySubDistrict),
    outsideSubDistricts: figuresOf(bySubDistrict.get(null) ?? []),
  };
};
