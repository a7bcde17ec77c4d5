import { type JurisdictionDirectory, ancestry } from '../../jurisdictions/directory.js';
import type { UnitLevel } from '../../jurisdictions/unit.js';
import { type Counts, addCount, share } from '../shared/counts.js';
import { valuesIn } from '../shared/shardedRecord.js';
import type { CasePath, EscalationPathsState } from './escalationPathsProjection.js';

/** The levels that keep a matter "within the sub-district" (小事不出社区、大事不出街道). */
export const LEVELS_WITHIN_SUB_DISTRICT: readonly UnitLevel[] = ['microGrid', 'grid', 'community', 'subDistrict'];

/** Where a group of cases was resolved, and how often they were escalated. */
export interface ResolutionFigures {
  readonly cases: number;
  readonly closed: number;
  /** Cases closed with outcome `settled` (resolved). */
  readonly settled: number;
  /** Settled cases by the level of the unit holding them when they closed. */
  readonly settledByLevel: Counts;
  /** `settledByLevel[level] ÷ settled`, for every level in `settledByLevel`. */
  readonly settledShareByLevel: Readonly<Record<string, number>>;
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

/** The whole report: all cases, and the same figures per sub-district. */
export interface EscalationReport {
  readonly overall: ResolutionFigures;
  /** By sub-district unit id (see {@link subDistrictOf}). */
  readonly bySubDistrict: Readonly<Record<string, ResolutionFigures>>;
  /** Cases that belong to no sub-district (their area and receiving unit sit above one, or are unknown). */
  readonly outsideSubDistricts: ResolutionFigures;
}

const lastStop = (path: CasePath) => path.stops[path.stops.length - 1];

/**
 * The sub-district a case belongs to: the sub-district at or above the area where the
 * dispute arose, else at or above its receiving unit; `null` when there is none.
 */
export const subDistrictOf = (directory: JurisdictionDirectory, path: CasePath): string | null => {
  const find = (unitId: string | undefined) => (unitId === undefined ? undefined : ancestry(directory, unitId).find((unit) => unit.level === 'subDistrict')?.id);
  return find(path.area) ?? find(path.stops[0]?.unit) ?? null;
};

const figuresOf = (paths: readonly CasePath[]): ResolutionFigures => {
  const settledByLevel: Record<string, number> = {};
  const escalationsByStep: Record<string, number> = {};
  let closed = 0;
  let settled = 0;
  let casesEscalated = 0;
  let escalations = 0;
  for (const path of paths) {
    if (path.outcome !== null) closed += 1;
    const holder = lastStop(path);
    if (path.outcome === 'settled' && holder !== undefined) {
      settled += 1;
      addCount(settledByLevel, holder.level);
    }
    const steps = path.stops.filter((stop) => stop.via === 'escalate');
    if (steps.length > 0) casesEscalated += 1;
    escalations += steps.length;
    path.stops.forEach((stop, i) => {
      const before = path.stops[i - 1];
      if (stop.via === 'escalate' && before !== undefined) addCount(escalationsByStep, `${before.level}→${stop.level}`);
    });
  }
  const settledWithinSubDistrict = LEVELS_WITHIN_SUB_DISTRICT.reduce((sum, level) => sum + (settledByLevel[level] ?? 0), 0);
  return {
    cases: paths.length,
    closed,
    settled,
    settledByLevel,
    settledShareByLevel: Object.fromEntries(Object.entries(settledByLevel).map(([level, n]) => [level, n / settled])),
    settledWithinSubDistrict,
    withinSubDistrictShare: share(settledWithinSubDistrict, settled),
    casesEscalated,
    escalations,
    escalationsByStep,
  };
};

/**
 * Where cases are resolved — "small matters stay in the community, big ones in the
 * sub-district" — overall and per sub-district. A case is **resolved at a level** when it
 * closed with outcome `settled` while held by a unit of that level (`department` for a
 * functional department). One pass over the cases; the directory places cases in
 * sub-districts.
 */
export const escalationReport = (state: EscalationPathsState, directory: JurisdictionDirectory): EscalationReport => {
  const all = valuesIn(state.cases);
  const groups = new Map<string | null, CasePath[]>();
  for (const path of all) {
    const key = subDistrictOf(directory, path);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [path]);
    else group.push(path);
  }
  const bySubDistrict: Record<string, ResolutionFigures> = {};
  for (const key of [...groups.keys()].filter((k): k is string => k !== null).sort()) bySubDistrict[key] = figuresOf(groups.get(key) ?? []);
  return { overall: figuresOf(all), bySubDistrict, outsideSubDistricts: figuresOf(groups.get(null) ?? []) };
};
