import { PUBLIC_STATUSES, type PublicStatus } from '@casefold/core';
import { barChart } from '../charts/barChart.js';
import { type Html, html } from '../html/html.js';
import { beijingTime } from '../html/format.js';
import type { BoardPage } from '../source/dashboardSource.js';
import { figureCards, figureTable } from './figures.js';
import { filterForm, kindField, selectField, unitField } from './filters.js';
import { layout } from './layout.js';
import { type PageContext, hrefOf, kindName, levelName, stageName, statusName, unitName } from './pageContext.js';

/** The board's filters, as the page's address gives them. */
export interface BoardFilters {
  readonly unit?: string;
  readonly kind?: string;
  readonly status?: PublicStatus;
  readonly stage?: string;
  readonly page: number;
}

/**
 * The case board: the board's counts (as `casefold dashboards` shows them, for every kind or
 * the chosen one), then the cases matching the filters (unit subtree, kind, status, stage),
 * one page at a time, each linking to its timeline.
 */
export const boardPage = (context: PageContext, filters: BoardFilters, listing: BoardPage, pageSize: number): Html => {
  const { messages } = context;
  const m = messages.board;
  const figures = context.models.figures(filters.kind);
  const counts = figures.caseBoard;
  const pages = Math.max(1, Math.ceil(listing.total / pageSize));
  const params = { unit: filters.unit, kind: filters.kind, status: filters.status, stage: filters.stage };
  const pageLink = (page: number, text: string, rel: string) => html`<a href="${hrefOf(context, '/board', { ...params, page })}" rel="${rel}" id="page-${rel}">${text}</a>`;
  const main = html` ${filterForm(context, [
      unitField(context, m.unit, filters.unit),
      kindField(context, filters.kind),
      selectField('status', m.status, filters.status, [['', messages.anyStatus], ...PUBLIC_STATUSES.map((status) => [status, statusName(context, status)] as const)]),
      selectField('stage', m.stage, filters.stage, [['', messages.anyStage], ...Object.keys(counts.byStage).map((stage) => [stage, stageName(context, filters.kind, stage)] as const)]),
    ])}
    ${figureCards([
      { label: m.total, value: counts.total, figure: ['caseBoard', 'total'] },
      { label: m.open, value: counts.open, figure: ['caseBoard', 'open'] },
    ])}
    <section class="grid">
      <div>
        ${barChart({ title: m.byStatus, bars: PUBLIC_STATUSES.map((status) => ({ label: statusName(context, status), value: counts.byStatus[status] ?? 0 })) })}
        ${figureTable(
          m.byStatus,
          [m.status, messages.count],
          PUBLIC_STATUSES.map((status) => ({ label: statusName(context, status), value: counts.byStatus[status] ?? 0, figure: ['caseBoard', 'byStatus', status] })),
        )}
      </div>
      <div>
        ${figureTable(
          m.byKind,
          [m.kind, messages.count],
          Object.entries(counts.byKind).map(([kind, n]) => ({ label: kindName(context, kind), value: n, figure: ['caseBoard', 'byKind', kind] })),
        )}
        ${figureTable(
          m.byLevel,
          [m.level, messages.count],
          Object.entries(counts.byLevel).map(([level, n]) => ({ label: levelName(context, level), value: n, figure: ['caseBoard', 'byLevel', level] })),
        )}
      </div>
    </section>
    <section aria-labelledby="cases-heading">
      <h2 id="cases-heading">${m.cases}</h2>
      <p id="board-page">${m.page(filters.page, pages, listing.total)}</p>
      <table id="board-cases">
        <thead>
          <tr>
            <th scope="col">${m.caseId}</th>
            <th scope="col">${m.kind}</th>
            <th scope="col">${m.status}</th>
            <th scope="col">${m.stage}</th>
            <th scope="col">${m.heldBy}</th>
            <th scope="col">${m.submitted}</th>
            <th scope="col">${m.lastEvent}</th>
          </tr>
        </thead>
        <tbody>
          ${listing.cases.map(
            (entry) =>
              html`<tr>
                <td><a href="${hrefOf(context, `/cases/${encodeURIComponent(entry.caseId)}`)}">${entry.caseId}</a></td>
                <td>${kindName(context, entry.kind)}</td>
                <td>${statusName(context, entry.status)}</td>
                <td>${stageName(context, entry.kind, entry.stage, entry.workflowVersion)}</td>
                <td>${unitName(context, entry.unit)}</td>
                <td>${beijingTime(entry.submittedAt)}</td>
                <td>${beijingTime(entry.lastEventAt)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      <nav class="pager" aria-label="${m.cases}">
        ${filters.page > 1 ? pageLink(filters.page - 1, m.previous, 'prev') : ''} ${filters.page < pages ? pageLink(filters.page + 1, m.next, 'next') : ''}
      </nav>
    </section>`;
  return layout(context, { title: m.heading, main, asOf: figures.asOf });
};
