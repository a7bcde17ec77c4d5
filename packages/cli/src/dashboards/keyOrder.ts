import type { CaseBoardCounts, EscalationReport, ResolutionFigures } from '@casefold/core';

/** The record with its keys in code-point order (what JSON.stringify then prints). */
const byKey = <V>(record: Readonly<Record<string, V>>): Record<string, V> => {
  const sorted: Record<string, V> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key]!;
  return sorted;
};

/** Every value of the record mapped, its keys in code-point order. */
const byKeyOf = <V, W>(record: Readonly<Record<string, V>>, map: (value: V) => W): Record<string, W> => {
  const sorted: Record<string, W> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = map(record[key]!);
  return sorted;
};

/**
 * The board's counts with every count's keys (statuses, stages, units, levels, kinds) in
 * code-point order. The document read model keeps them in the order the events first named
 * them, a grouped count of the row read models in none: `--json` prints this one order for both.
 */
export const boardCountsInKeyOrder = (counts: CaseBoardCounts): CaseBoardCounts => ({
  ...counts,
  byStatus: byKey(counts.byStatus),
  byStage: byKey(counts.byStage),
  byUnit: byKey(counts.byUnit),
  byLevel: byKey(counts.byLevel),
  byKind: byKey(counts.byKind),
  byKindStatus: byKeyOf(counts.byKindStatus, byKey),
});

/** A group's resolution figures with their levels and escalation steps in code-point order. */
const resolutionInKeyOrder = (figures: ResolutionFigures): ResolutionFigures => ({
  ...figures,
  settledByLevel: byKey(figures.settledByLevel),
  settledShareByLevel: byKey(figures.settledShareByLevel),
  escalationsByStep: byKey(figures.escalationsByStep),
});

/**
 * The escalation report with its kinds, sub-districts, levels and escalation steps in
 * code-point order (as {@link boardCountsInKeyOrder}: one order whatever read model it came from).
 */
export const escalationInKeyOrder = (report: EscalationReport): EscalationReport => ({
  overall: resolutionInKeyOrder(report.overall),
  byKind: byKeyOf(report.byKind, resolutionInKeyOrder),
  bySubDistrict: byKeyOf(report.bySubDistrict, resolutionInKeyOrder),
  outsideSubDistricts: resolutionInKeyOrder(report.outsideSubDistricts),
});
