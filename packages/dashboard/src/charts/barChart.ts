import { type Html, html } from '../html/html.js';

/** One bar: its label and value. */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

/** Options of {@link barChart}. */
export interface BarChartOptions {
  /** The chart's accessible name, also its visible caption. */
  readonly title: string;
  readonly bars: readonly Bar[];
  /** How a value is written beside its bar; default the number itself. */
  readonly format?: (value: number) => string;
}

const WIDTH = 640;
const LABEL_WIDTH = 200;
const VALUE_WIDTH = 80;
const ROW = 26;
const BAR = 18;

let chartIds = 0;

/**
 * A horizontal bar chart as inline SVG, drawn on the server: one row per bar, its label on
 * the left, the value at the bar's end. It is an image with a title (`role="img"`); the page
 * shows the same figures in a table beside it for readers and tests.
 */
export const barChart = (options: BarChartOptions): Html => {
  const format = options.format ?? ((value: number) => String(value));
  const max = Math.max(1, ...options.bars.map((bar) => bar.value));
  const span = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const height = Math.max(1, options.bars.length) * ROW + 8;
  chartIds += 1;
  const titleId = `chart-${chartIds}`;
  return html`<figure class="chart">
    <svg role="img" aria-labelledby="${titleId}" viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">
      <title id="${titleId}">${options.title}</title>
      ${options.bars.map((bar, i) => {
        const y = 4 + i * ROW;
        const width = Math.round((bar.value / max) * span);
        return html`<g
          ><text x="${LABEL_WIDTH - 8}" y="${y + BAR - 4}" text-anchor="end" class="chart-label">${bar.label}</text
          ><rect x="${LABEL_WIDTH}" y="${y}" width="${Math.max(width, bar.value > 0 ? 2 : 0)}" height="${BAR}" class="chart-bar"></rect
          ><text x="${LABEL_WIDTH + width + 6}" y="${y + BAR - 4}" class="chart-value">${format(bar.value)}</text></g
        >`;
      })}
    </svg>
    <figcaption>${options.title}</figcaption>
  </figure>`;
};
