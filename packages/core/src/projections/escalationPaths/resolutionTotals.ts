import { type Counts, addCount } from '../shared/counts.js';
import type { CasePath } from './escalationPathsProjection.js';

/**
 * The sums the `ResolutionFigures` of a group of cases are computed from: plain JSON, added
 * case by case ({@link pathTotals}, {@link addTotals}), so a read model can keep them per group and
 * change them by one case's difference when an event changes that case.
 */
export interface ResolutionTotals {
  readonly cases: number;
  readonly closed: number;
  readonly converted: number;
  readonly settled: number;
  readonly settledByLevel: Counts;
  readonly casesEscalated: number;
  readonly escalations: number;
  readonly escalationsByStep: Counts;
}

/** The totals of no case. */
export const NO_TOTALS: ResolutionTotals = { cases: 0, closed: 0, converted: 0, settled: 0, settledByLevel: {}, casesEscalated: 0, escalations: 0, escalationsByStep: {} };

const isConverted = (path: CasePath): boolean => path.links.some((link) => link.relation === 'convertedTo');

/**
 * What one case adds to its groups' totals: it is closed once it has an outcome; converted when
 * it links to a case it was converted to; settled (not converted, outcome `settled`) at the level
 * of the unit holding it last; escalated once per `escalate` stop, by step (`community→subDistrict`).
 */
export const pathTotals = (path: CasePath): ResolutionTotals => {
  const holder = path.stops[path.stops.length - 1];
  const converted = isConverted(path);
  const settled = !converted && path.outcome === 'settled' && holder !== undefined;
  const escalationsByStep: Record<string, number> = {};
  let escalations = 0;
  path.stops.forEach((stop, i) => {
    if (stop.via !== 'escalate') return;
    escalations += 1;
    const before = path.stops[i - 1];
    if (before !== undefined) addCount(escalationsByStep, `${before.level}→${stop.level}`);
  });
  return {
    cases: 1,
    closed: path.outcome === null ? 0 : 1,
    converted: converted ? 1 : 0,
    settled: settled ? 1 : 0,
    settledByLevel: settled && holder !== undefined ? { [holder.level]: 1 } : {},
    casesEscalated: escalations > 0 ? 1 : 0,
    escalations,
    escalationsByStep,
  };
};

const addCounts = (into: Counts, counts: Counts, sign: 1 | -1): Counts => {
  const sum: Record<string, number> = { ...into };
  for (const [key, n] of Object.entries(counts)) addCount(sum, key, sign * n);
  return sum;
};

/** `into` plus `totals` (`sign` 1), or minus them (`sign` -1: a case's old contribution taken back). */
export const addTotals = (into: ResolutionTotals, totals: ResolutionTotals, sign: 1 | -1 = 1): ResolutionTotals => ({
  cases: into.cases + sign * totals.cases,
  closed: into.closed + sign * totals.closed,
  converted: into.converted + sign * totals.converted,
  settled: into.settled + sign * totals.settled,
  settledByLevel: addCounts(into.settledByLevel, totals.settledByLevel, sign),
  casesEscalated: into.casesEscalated + sign * totals.casesEscalated,
  escalations: into.escalations + sign * totals.escalations,
  escalationsByStep: addCounts(into.escalationsByStep, totals.escalationsByStep, sign),
});
