import { type Html, html } from '../html/html.js';
import { percent } from '../html/format.js';

/** Where a figure is in `casefold dashboards --json`'s `dashboards`, key by key (e.g. `['caseBoard', 'byStatus', 'pending']`): keys may hold dots. */
export type FigurePath = readonly string[];

/** One labelled figure, with its {@link FigurePath}. */
export interface FigureRow {
  readonly label: string;
  readonly value: number | null;
  readonly figure?: FigurePath;
  /** A share (0–1), written as a percentage. */
  readonly share?: boolean;
}

/** A figure's cell: the value, marked with the path of the same figure in `casefold dashboards --json`. */
export const figureCell = (row: Pick<FigureRow, 'value' | 'figure' | 'share'>): Html =>
  html`<td class="number" ${row.figure === undefined ? '' : html`data-figure="${JSON.stringify(row.figure)}"`}${row.share === true ? html` data-format="percent"` : ''}>
    ${row.share === true ? percent(row.value) : row.value === null ? '–' : row.value}
  </td>`;

/** A two-column table of labelled figures. */
export const figureTable = (caption: string, header: readonly [string, string], rows: readonly FigureRow[]): Html =>
  html`<table>
    <caption>
      ${caption}
    </caption>
    <thead>
      <tr>
        <th scope="col">${header[0]}</th>
        <th scope="col" class="number">${header[1]}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (row) =>
          html`<tr>
            <th scope="row">${row.label}</th>
            ${figureCell(row)}
          </tr>`,
      )}
    </tbody>
  </table>`;

/** Small cards of headline figures. */
export const figureCards = (rows: readonly FigureRow[]): Html =>
  html`<ul class="cards">
    ${rows.map(
      (row) =>
        html`<li class="card">
          <span class="card-label">${row.label}</span>
          <span class="card-value" ${row.figure === undefined ? '' : html`data-figure="${JSON.stringify(row.figure)}"`}${row.share === true ? html` data-format="percent"` : ''}
            >${row.share === true ? percent(row.value) : (row.value ?? '–')}</span
          >
        </li>`,
    )}
  </ul>`;

/** A table of counts: one row per group, one column per count, each cell marked with the row's figure path and the column's key. */
export const countsTable = <K extends string>(
  caption: string,
  rowHeader: string,
  columns: readonly (readonly [K, string])[],
  rows: readonly { readonly label: Html | string; readonly counts: Readonly<Partial<Record<K, number>>>; readonly figure?: FigurePath }[],
  id?: string,
): Html =>
  html`<table${id === undefined ? '' : html` id="${id}"`}><caption>${caption}</caption><thead><tr><th scope="col">${rowHeader}</th>${columns.map(([, label]) => html`<th scope="col" class="number">${label}</th>`)}</tr></thead><tbody>${rows.map(
    (row) =>
      html`<tr>
        <th scope="row">${row.label}</th>
        ${columns.map(([key]) => figureCell({ value: row.counts[key] ?? 0, ...(row.figure === undefined ? {} : { figure: [...row.figure, key] }) }))}
      </tr>`,
  )}</tbody></table>`;
