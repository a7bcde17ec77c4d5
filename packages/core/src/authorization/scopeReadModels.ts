import type { CaseBoardState } from '../projections/caseBoard/caseBoardProjection.js';
import { countsOnBoard } from '../projections/caseBoard/casesOnBoard.js';
import type { CaseTimelineRecord, CaseTimelineState } from '../projections/caseTimeline/caseTimelineProjection.js';
import { WITHHELD_DESCRIPTION } from '../projections/caseTimeline/eventDescription.js';
import { englishSummary } from '../projections/caseTimeline/eventSummary.js';
import type { DeadlinesState } from '../projections/deadlines/deadlinesProjection.js';
import type { EscalationPathsState } from '../projections/escalationPaths/escalationPathsProjection.js';
import type { StatisticsState } from '../projections/statistics/statisticsProjection.js';
import type { CaseSight } from './caseSight.js';
import { keepCases, keepStreams } from './scopeCases.js';

/*
 * Each built-in read model as one principal may see it: the same state type, holding only the
 * cases the principal sees (`case` part), so that the read model's own queries (casesOnBoard,
 * timelineOf, deadlineReport, statisticsReport, escalationReport, …) answer for them alone;
 * counts are those of the cases kept. One function per read model; each keeps rows by case id
 * and so works as a query predicate over rows too.
 */

/** What stands in for a timeline line the principal may not read: `(withheld)`, its description {@link WITHHELD_DESCRIPTION}. */
export const WITHHELD = englishSummary(WITHHELD_DESCRIPTION);

/** The case board with the principal's cases only, its counts recomputed over them. */
export const scopeCaseBoard = (state: CaseBoardState, sight: CaseSight): CaseBoardState => {
  const seen = (caseId: string): boolean => sight(caseId, 'case');
  const cases = keepCases(state.cases, seen);
  return { streams: keepStreams(state.streams, seen), cases, counts: countsOnBoard({ ...state, cases }) };
};

/** The timelines of the principal's cases; a line about a case whose summary they may not see reads {@link WITHHELD}. */
export const scopeCaseTimelines = (state: CaseTimelineState, sight: CaseSight): CaseTimelineState => {
  const seen = (caseId: string): boolean => sight(caseId, 'case');
  const kept = keepCases(state.cases, seen);
  const cases: Record<string, Record<string, CaseTimelineRecord>> = {};
  for (const [shard, entries] of Object.entries(kept)) {
    for (const [caseId, record] of Object.entries(entries)) {
      (cases[shard] ??= {})[caseId] = sight(caseId, 'summary') ? record : { ...record, entries: record.entries.map((entry) => ({ ...entry, summary: WITHHELD, description: WITHHELD_DESCRIPTION })) };
    }
  }
  return { streams: keepStreams(state.streams, seen), rules: state.rules, cases };
};

/** The deadlines of the principal's cases. */
export const scopeDeadlines = (state: DeadlinesState, sight: CaseSight): DeadlinesState => {
  const seen = (caseId: string): boolean => sight(caseId, 'case');
  return { streams: keepStreams(state.streams, seen), rules: state.rules, cases: keepCases(state.cases, seen), recordedLate: keepCases(state.recordedLate, seen) };
};

/** The statistics' facts of the principal's cases: the figures count only those (a case's amounts need its `summary`). */
export const scopeStatistics = (state: StatisticsState, sight: CaseSight): StatisticsState => {
  const seen = (caseId: string): boolean => sight(caseId, 'case') && sight(caseId, 'summary');
  return { streams: keepStreams(state.streams, seen), cases: keepCases(state.cases, seen) };
};

/** The escalation paths of the principal's cases. */
export const scopeEscalationPaths = (state: EscalationPathsState, sight: CaseSight): EscalationPathsState => {
  const seen = (caseId: string): boolean => sight(caseId, 'case');
  return { streams: keepStreams(state.streams, seen), cases: keepCases(state.cases, seen) };
};
