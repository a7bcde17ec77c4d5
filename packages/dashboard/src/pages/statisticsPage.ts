import type { StatisticsReport } from '@casefold/core';
import { barChart } from '../charts/barChart.js';
import { type Html, html } from '../html/html.js';
import { beijingTime } from '../html/format.js';
import type { StatisticsQuery } from '../source/dashboardSource.js';
import { type FigureRow, countsTable, figureCards, figureTable } from './figures.js';
import { filterForm, kindField, unitField } from './filters.js';
import { layout } from './layout.js';
import { type PageContext, kindName } from './pageContext.js';

/** A date field (`YYYY-MM-DD`). */
const dateField = (name: string, label: string, value: string | undefined): Html =>
  html`<label for="f-${name}">${label}</label><input type="date" id="f-${name}" name="${name}" value="${value ?? ''}" />`;

/**
 * Statistics for a period and a unit: the figures a centre publishes (intake, review,
 * mediation, closure, satisfaction) as charts and one printable table; without a period or
 * unit they are `casefold dashboards`' statistics, with them `casefold stats`' for that period.
 */
export const statisticsPage = (context: PageContext, query: StatisticsQuery, report: StatisticsReport, asOf: string): Html => {
  const { messages } = context;
  const m = messages.statistics;
  const headline: readonly FigureRow[] = [
    { label: m.received, value: report.intake.total, figure: ['statistics', 'intake', 'total'] },
    { label: m.online, value: report.intake.online, figure: ['statistics', 'intake', 'online'] },
    { label: m.onlineShare, value: report.intake.onlineShare, figure: ['statistics', 'intake', 'onlineShare'], share: true },
    { label: m.labourShare, value: report.intake.labourShare, figure: ['statistics', 'intake', 'labourShare'], share: true },
    { label: m.accepted, value: report.review.accepted, figure: ['statistics', 'review', 'accepted'] },
    { label: m.rejected, value: report.review.rejected, figure: ['statistics', 'review', 'rejected'] },
    { label: m.started, value: report.mediation.started, figure: ['statistics', 'mediation', 'started'] },
    { label: m.successRate, value: report.mediation.successRate, figure: ['statistics', 'mediation', 'successRate'], share: true },
    { label: m.closedCases, value: report.closure.closed, figure: ['statistics', 'closure', 'closed'] },
    { label: m.onTime, value: report.closure.onTime, figure: ['statistics', 'closure', 'onTime'] },
    { label: m.onTimeRate, value: report.closure.onTimeClosureRate, figure: ['statistics', 'closure', 'onTimeClosureRate'], share: true },
    { label: m.callbacks, value: report.callbacks.answered, figure: ['statistics', 'callbacks', 'answered'] },
    { label: m.satisfactionRate, value: report.callbacks.satisfactionRate, figure: ['statistics', 'callbacks', 'satisfactionRate'], share: true },
  ];
  const kinds = Object.entries(report.byKind);
  const main = html` ${filterForm(context, [dateField('from', m.from, query.from), dateField('to', m.to, query.to), unitField(context, m.unit, query.unit), kindField(context, query.kind)])}
    <p id="statistics-period">${m.period(report.period.from === null ? null : beijingTime(report.period.from), report.period.to === null ? null : beijingTime(report.period.to))}</p>
    <p class="no-print"><button type="button" data-print>${m.print}</button></p>
    ${figureCards(headline.filter((row) => row.share === true))}
    <section class="grid">
      <div>${barChart({ title: `${m.received} · ${m.byKind}`, bars: kinds.map(([kind, f]) => ({ label: kindName(context, kind), value: f.received })) })}</div>
      <div>${barChart({ title: `${m.received} · ${m.byChannel}`, bars: Object.entries(report.intake.byChannel).map(([channel, n]) => ({ label: channel, value: n })) })}</div>
    </section>
    <section class="printable">
      ${figureTable(m.heading, [m.figure, m.value], headline)}
      ${countsTable(
        m.byKind,
        messages.board.kind,
        [
          ['received', m.received],
          ['online', m.online],
          ['handled', messages.status.handled],
          ['closed', m.closedCases],
        ],
        kinds.map(([kind, f]) => ({ label: kindName(context, kind), counts: f, figure: ['statistics', 'byKind', kind] })),
        'statistics-by-kind',
      )}
      ${figureTable(
        m.byChannel,
        [m.channel, messages.count],
        Object.entries(report.intake.byChannel).map(([channel, n]) => ({ label: channel, value: n, figure: ['statistics', 'intake', 'byChannel', channel] })),
      )}
    </section>`;
  return layout(context, { title: m.heading, main, asOf });
};
