import { TERRITORIAL_LEVELS, type ResolutionFigures } from '@casefold/core';
import { barChart } from '../charts/barChart.js';
import { type Html, html } from '../html/html.js';
import { countsTable, figureCards, figureTable } from './figures.js';
import { filterForm, kindField } from './filters.js';
import { layout } from './layout.js';
import { type PageContext, kindName, levelName, unitName } from './pageContext.js';

/** The levels a case can be settled at, lowest first. */
const LEVELS: readonly string[] = [...TERRITORIAL_LEVELS, 'department'];

type CountKey = 'cases' | 'closed' | 'settled' | 'converted' | 'settledWithinGrid' | 'settledWithinCommunity' | 'settledWithinSubDistrict' | 'escalations';

/**
 * Escalation paths: where settled cases were resolved, level by level (a chart and its
 * table), the shares settled within the grid, community and sub-district, escalations by
 * step, and the same counts by kind and by sub-district, as `casefold dashboards` computes them.
 */
export const escalationPage = (context: PageContext, kind: string | undefined): Html => {
  const { messages } = context;
  const m = messages.escalation;
  const figures = context.models.figures(kind);
  const report = figures.escalation;
  const overall = report.overall;
  const columns: readonly (readonly [CountKey, string])[] = [
    ['cases', m.cases],
    ['closed', m.closed],
    ['settled', m.settled],
    ['converted', m.converted],
    ['settledWithinGrid', m.withinGrid],
    ['settledWithinCommunity', m.withinCommunity],
    ['settledWithinSubDistrict', m.withinSubDistrict],
    ['escalations', m.escalations],
  ];
  const counts = (f: ResolutionFigures): Record<CountKey, number> => ({
    cases: f.cases,
    closed: f.closed,
    settled: f.settled,
    converted: f.converted,
    settledWithinGrid: f.settledWithinGrid,
    settledWithinCommunity: f.settledWithinCommunity,
    settledWithinSubDistrict: f.settledWithinSubDistrict,
    escalations: f.escalations,
  });
  const levels = LEVELS.filter((level) => (overall.settledByLevel[level] ?? 0) > 0);
  const main = html` ${filterForm(context, [kindField(context, kind)])}
    ${figureCards([
      { label: m.cases, value: overall.cases, figure: ['escalation', 'overall', 'cases'] },
      { label: m.settled, value: overall.settled, figure: ['escalation', 'overall', 'settled'] },
      { label: m.withinGrid, value: overall.withinGridShare, figure: ['escalation', 'overall', 'withinGridShare'], share: true },
      { label: m.withinCommunity, value: overall.withinCommunityShare, figure: ['escalation', 'overall', 'withinCommunityShare'], share: true },
      { label: m.withinSubDistrict, value: overall.withinSubDistrictShare, figure: ['escalation', 'overall', 'withinSubDistrictShare'], share: true },
      { label: m.casesEscalated, value: overall.casesEscalated, figure: ['escalation', 'overall', 'casesEscalated'] },
    ])}
    <section class="grid">
      <div>${barChart({ title: m.chart, bars: levels.map((level) => ({ label: levelName(context, level), value: overall.settledByLevel[level] ?? 0 })) })}</div>
      <div>
        ${figureTable(
          m.settledByLevel,
          [messages.board.level, m.settled],
          levels.map((level) => ({ label: levelName(context, level), value: overall.settledByLevel[level] ?? 0, figure: ['escalation', 'overall', 'settledByLevel', level] })),
        )}
        ${figureTable(
          m.byStep,
          [m.step, m.escalations],
          Object.entries(overall.escalationsByStep).map(([step, n]) => ({
            label: step
              .split('→')
              .map((level) => levelName(context, level))
              .join(' → '),
            value: n,
            figure: ['escalation', 'overall', 'escalationsByStep', step],
          })),
        )}
      </div>
    </section>
    ${countsTable(
      messages.board.byKind,
      messages.board.kind,
      columns,
      Object.entries(report.byKind).map(([k, f]) => ({ label: kindName(context, k), counts: counts(f), figure: ['escalation', 'byKind', k] })),
      'escalation-by-kind',
    )}
    ${countsTable(
      m.bySubDistrict,
      m.subDistrict,
      columns,
      Object.entries(report.bySubDistrict).map(([unit, f]) => ({ label: unitName(context, unit), counts: counts(f), figure: ['escalation', 'bySubDistrict', unit] })),
      'escalation-by-sub-district',
    )}`;
  return layout(context, { title: m.heading, main, asOf: figures.asOf });
};
