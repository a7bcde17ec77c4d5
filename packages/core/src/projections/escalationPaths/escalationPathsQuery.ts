import { castDraft } from 'immer';
import type { JurisdictionDirectory } from '../../jurisdictions/directory.js';
import { checkArgument, checkCriteria, textRule } from '../caseBoard/checkCriteria.js';
import type { RowQuery } from '../rows/rowProjection.js';
import { compareText } from '../shared/order.js';
import { type ShardedRecord, setIn } from '../shared/shardedRecord.js';
import type { CasePath } from './escalationPathsProjection.js';
import { type EscalationPathRow, OUTSIDE_SUB_DISTRICTS, groupsOfRow, pathOfRow } from './escalationPathsRows.js';
import { type EscalationReport, type EscalationReportOptions, escalationReport, resolutionFigures } from './escalationReport.js';
import { NO_TOTALS, type ResolutionTotals, addTotals } from './resolutionTotals.js';

/** The row of one case's path ({@link escalationPathsRows}), from the `byCase` index: read it with {@link escalationPathOfRows}. Throws a `ReportInputError` for a case id that is not text. */
export const escalationPathQuery = (caseId: string): RowQuery<EscalationPathRow> => {
  checkArgument('escalationPathQuery', 'caseId', caseId, textRule('a case id', null));
  return { where: { caseId }, orderBy: [], limit: 1 };
};

/** The filter on `options.kind`, checked: given `undefined` or not text, a `ReportInputError` naming the builder. */
const kindFilter = (builder: string, options: EscalationReportOptions): { readonly kind?: string } => {
  checkCriteria(builder, options, { kind: textRule('a case kind, the workflow id', 'read every kind') });
  return options.kind === undefined ? {} : { kind: options.kind };
};

/** The path of a case from the rows of {@link escalationPathQuery}, as `escalationPathOf` returns it; `null` for none. */
export const escalationPathOfRows = (rows: readonly EscalationPathRow[], caseId: string): CasePath | null => {
  const row = rows.find((r) => r.record === 'case' && r.caseId === caseId);
  return row === undefined ? null : pathOfRow(row);
};

/**
 * The figures rows the report needs (one per case kind, or the one of `options.kind`), from the
 * `byRecord` index: a page holds every kind. Throws a `ReportInputError` for a kind given `undefined` or not text.
 */
export const escalationFiguresQuery = (options: EscalationReportOptions = {}): RowQuery<EscalationPathRow> => ({
  where: { record: 'figures', ...kindFilter('escalationFiguresQuery', options) },
  orderBy: [],
  limit: 1000,
});

const sum = (totals: readonly ResolutionTotals[]): ResolutionTotals => totals.reduce((all, one) => addTotals(all, one), NO_TOTALS);

/**
 * The escalation report from the figures rows of {@link escalationFiguresQuery}, equal to
 * `escalationReport` over the document projection with the same directory and options: overall,
 * by kind, by sub-district and outside every sub-district. Work proportional to the kinds and
 * sub-districts, not to the cases. Rows of other kinds than `options.kind`, and case rows, are
 * ignored.
 *
 * @example
 * const report = escalationReportOfRows((await runner.query(escalationFiguresQuery())).rows);
 */
export const escalationReportOfRows = (rows: readonly EscalationPathRow[], options: EscalationReportOptions = {}): EscalationReport => {
  const kinds = new Map<string, Readonly<Record<string, ResolutionTotals>>>();
  for (const row of rows) if (row.record === 'figures' && (options.kind === undefined || row.kind === options.kind)) kinds.set(row.kind, groupsOfRow(row));
  const bySubDistrict = new Map<string, ResolutionTotals[]>();
  for (const groups of kinds.values()) {
    for (const [subDistrict, totals] of Object.entries(groups)) bySubDistrict.set(subDistrict, [...(bySubDistrict.get(subDistrict) ?? []), totals]);
  }
  const figuresBy = (entries: readonly (readonly [string, ResolutionTotals])[]) =>
    Object.fromEntries([...entries].sort(([a], [b]) => compareText(a, b)).map(([key, totals]) => [key, resolutionFigures(totals)]));
  const kindTotals = [...kinds].map(([kind, groups]) => [kind, sum(Object.values(groups))] as const);
  return {
    overall: resolutionFigures(sum(kindTotals.map(([, totals]) => totals))),
    byKind: figuresBy(kindTotals),
    bySubDistrict: figuresBy([...bySubDistrict].filter(([subDistrict]) => subDistrict !== OUTSIDE_SUB_DISTRICTS).map(([subDistrict, totals]) => [subDistrict, sum(totals)] as const)),
    outsideSubDistricts: resolutionFigures(sum(bySubDistrict.get(OUTSIDE_SUB_DISTRICTS) ?? [])),
  };
};

/** Every case's row ({@link escalationReportOfCaseRows} reads them; of one kind with `options.kind`), from the `byRecord` index: read every page. Throws a `ReportInputError` for a kind given `undefined` or not text. */
export const escalationCasesQuery = (options: EscalationReportOptions = {}): RowQuery<EscalationPathRow> => ({
  where: { record: 'case', ...kindFilter('escalationCasesQuery', options) },
  orderBy: [],
  limit: 1000,
});

/**
 * The escalation report over the paths of the case rows given, e.g. those of the cases one
 * principal may see: `escalationReport` over the document paths of the same cases (the figures
 * rows of {@link escalationReportOfRows} hold every case's totals and cannot leave any out).
 * Figures rows are ignored.
 */
export const escalationReportOfCaseRows = (rows: Iterable<EscalationPathRow>, directory: JurisdictionDirectory, options: EscalationReportOptions = {}): EscalationReport => {
  const cases: ShardedRecord<CasePath> = {};
  for (const row of rows) if (row.record === 'case' && row.caseId !== null) setIn(castDraft(cases), row.caseId, pathOfRow(row));
  return escalationReport({ streams: {}, cases }, directory, options);
};
