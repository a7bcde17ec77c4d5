import type { DueDeadlineItem } from '@casefold/core';
import { barChart } from '../charts/barChart.js';
import { type Html, html } from '../html/html.js';
import { beijingTime, daysAndHours } from '../html/format.js';
import { type FigurePath, countsTable, figureCards, figureTable } from './figures.js';
import { filterForm, kindField } from './filters.js';
import { layout } from './layout.js';
import { DEADLINE_ITEMS_SHOWN } from '../source/dashboardSource.js';
import { type PageContext, hrefOf, kindName, unitName } from './pageContext.js';

/**
 * Deadlines and supervision: running deadlines of open cases (due soon, breached, paused,
 * extended) overall, by rule, by kind and by unit, the supervision cards, the ten most
 * overdue and the deadlines due soon, judged at the latest event's time as `casefold dashboards` does.
 */
export const deadlinesPage = (context: PageContext, kind: string | undefined): Html => {
  const { messages } = context;
  const m = messages.deadlines;
  const figures = context.models.figures(kind);
  const report = figures.deadlines;
  const columns = [
    ['running', m.running],
    ['paused', m.paused],
    ['dueSoon', m.dueSoon],
    ['breached', m.breached],
    ['extended', m.extended],
  ] as const;
  const duration = (ms: number) => {
    const { days, hours } = daysAndHours(ms);
    return messages.duration(days, hours);
  };
  const itemTable = (id: string, caption: string, items: readonly DueDeadlineItem[], figure: FigurePath | null, timeHeader: string) =>
    html`<table id="${id}">
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          <th scope="col">${messages.board.caseId}</th>
          <th scope="col">${messages.board.kind}</th>
          <th scope="col">${m.rule}</th>
          <th scope="col">${messages.board.heldBy}</th>
          <th scope="col">${m.due}</th>
          <th scope="col">${timeHeader}</th>
        </tr>
      </thead>
      <tbody>
        ${items.map(
          (item, i) =>
            html`<tr><td${figure === null ? '' : html` data-figure="${JSON.stringify([...figure, String(i), 'caseId'])}"`}><a href="${hrefOf(context, `/cases/${encodeURIComponent(item.caseId)}`)}">${item.caseId}</a></td><td>${kindName(context, item.kind)}</td><td>${item.label}</td><td>${unitName(context, item.unit)}</td><td>${beijingTime(item.dueAt)}</td><td>${duration(item.remainingMs)}</td></tr>`,
        )}
      </tbody>
    </table>`;
  const byUnit = Object.entries(report.byUnit).sort(([, a], [, b]) => b.breached - a.breached || b.dueSoon - a.dueSoon);
  const main = html` ${filterForm(context, [kindField(context, kind)])}
    ${figureCards([
      { label: m.openCases, value: report.openCases, figure: ['deadlines', 'openCases'] },
      ...columns.map(([key, label]) => ({ label, value: report.totals[key], figure: ['deadlines', 'totals', key] })),
    ])}
    ${report.dueSoonUntil === null ? '' : html`<p>${m.dueSoonUntil(beijingTime(report.dueSoonUntil))}</p>`}
    <section class="grid">
      <div>
        ${figureTable(
          m.supervision,
          [m.supervision, messages.count],
          Object.entries(report.supervision).map(([card, n]) => ({ label: m.supervisionCard[card] ?? card, value: n, figure: ['deadlines', 'supervision', card] })),
        )}
      </div>
      <div>${barChart({ title: `${m.breached} · ${m.byUnit}`, bars: byUnit.slice(0, 12).map(([unit, counts]) => ({ label: unitName(context, unit), value: counts.breached })) })}</div>
    </section>
    ${countsTable(
      m.byRule,
      m.rule,
      columns,
      Object.entries(report.byRule).map(([rule, counts]) => ({ label: rule, counts, figure: ['deadlines', 'byRule', rule] })),
      'deadlines-by-rule',
    )}
    ${countsTable(
      m.byKind,
      messages.board.kind,
      columns,
      Object.entries(report.byKind).map(([k, figures]) => ({ label: kindName(context, k), counts: figures.totals, figure: ['deadlines', 'byKind', k, 'totals'] })),
      'deadlines-by-kind',
    )}
    ${countsTable(
      m.byUnit,
      messages.board.heldBy,
      columns,
      byUnit.map(([unit, counts]) => ({ label: unitName(context, unit), counts })),
      'deadlines-by-unit',
    )}
    ${itemTable('most-overdue', m.mostOverdue, report.breached.slice(0, 10), ['deadlines', 'mostOverdue'], m.overdueBy)}
    ${itemTable('due-soon', m.dueSoonList, report.dueSoon.slice(0, DEADLINE_ITEMS_SHOWN), null, m.remaining)}`;
  return layout(context, { title: m.heading, main, asOf: figures.asOf });
};
