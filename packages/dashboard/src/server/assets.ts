/**
 * The dashboard's stylesheet and its one script, served from the package itself (no file
 * is read at run time and nothing is fetched from a network).
 */

/** Colours chosen for WCAG AA contrast on white; a print layout without navigation and forms. */
export const STYLESHEET = `
:root { font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: #1b1f24; background: #fff; }
body { margin: 0; }
a { color: #0b4f9c; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px 8px; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 16px; padding: 8px 16px; background: #0d3b66; color: #fff; }
header a { color: #fff; }
header .brand { font-weight: 600; margin: 0; }
header nav ul { display: flex; flex-wrap: wrap; gap: 12px; list-style: none; margin: 0; padding: 0; }
header nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
header .lang { margin-left: auto; }
main { padding: 8px 16px 24px; max-width: 1200px; }
footer { padding: 8px 16px; color: #3d4651; border-top: 1px solid #ccd3db; font-size: 0.9em; }
h1 { font-size: 1.5em; }
table { border-collapse: collapse; margin: 12px 0; min-width: 320px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid #d5dbe1; padding: 4px 8px; text-align: left; vertical-align: top; }
th[scope="row"] { font-weight: 400; }
.number { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; }
.card { border: 1px solid #ccd3db; border-radius: 6px; padding: 8px 12px; min-width: 120px; }
.card-label { display: block; font-size: 0.85em; color: #3d4651; }
.card-value { font-size: 1.4em; font-weight: 600; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-end; }
.field { display: flex; flex-direction: column; }
.chart { margin: 8px 0; }
.chart figcaption { font-size: 0.85em; color: #3d4651; }
.chart-bar { fill: #1f6fb2; }
.chart-label, .chart-value { font-size: 13px; fill: #1b1f24; }
.pager { display: flex; gap: 16px; }
.case-facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; }
.case-facts dd { margin: 0; }
@media print {
  header, footer, .filters, .no-print, .pager { display: none; }
  .grid { display: block; }
}
`;

/**
 * Follows the store: an EventSource on /live receives the store's last position whenever it
 * changes; when it differs from the page's, the page is fetched again and its main part and
 * footer replaced, without reloading. Also the print button.
 */
export const LIVE_SCRIPT = `
(() => {
  let refreshing = false;
  let latest = null;
  const refresh = async () => {
    if (refreshing) return;
    refreshing = true;
    try {
      while (latest !== null && latest !== document.body.dataset.position) {
        const wanted = latest;
        const response = await fetch(location.href, { headers: { accept: 'text/html' } });
        if (!response.ok) return;
        const next = new DOMParser().parseFromString(await response.text(), 'text/html');
        for (const selector of ['main', 'footer']) {
          const fresh = next.querySelector(selector);
          const old = document.querySelector(selector);
          if (fresh !== null && old !== null) old.replaceWith(fresh);
        }
        document.body.dataset.position = next.body.dataset.position;
        if (latest === wanted) break;
      }
    } finally {
      refreshing = false;
    }
  };
  const source = new EventSource('/live');
  source.addEventListener('position', (event) => {
    latest = event.data;
    void refresh();
  });
  document.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('[data-print]') !== null) window.print();
  });
})();
`;
