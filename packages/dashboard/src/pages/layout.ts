import { type Html, html } from '../html/html.js';
import { beijingTime } from '../html/format.js';
import { type PageContext, hrefOf } from './pageContext.js';

/** The pages in the navigation, by path. */
const NAV = [
  ['/board', 'board'],
  ['/deadlines', 'deadlines'],
  ['/escalation', 'escalation'],
  ['/statistics', 'statistics'],
] as const;

/** Options of {@link layout}. */
export interface LayoutOptions {
  readonly title: string;
  readonly main: Html;
  /** The instant deadlines are judged at, shown in the footer. */
  readonly asOf: string | null;
}

/**
 * The page around a page's content: language, skip link, navigation, the language switch,
 * and the footer with the store position the live script follows. Styles and the one script
 * are served by the dashboard itself: nothing is fetched from elsewhere.
 */
export const layout = (context: PageContext, options: LayoutOptions): Html => {
  const { messages } = context;
  const other = messages.language === 'zh-CN' ? 'en' : 'zh-CN';
  const position = String(context.models.position);
  return html`<!doctype html>
    <html lang="${messages.language}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${options.title} · ${messages.title}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/dashboard.css" />
        <script src="/assets/live.js" defer></script>
      </head>
      <body data-position="${position}">
        <a class="skip" href="#content">${messages.skipToContent}</a>
        <header>
          <p class="brand">${messages.title}</p>
          <nav aria-label="${messages.title}">
            <ul>
              ${NAV.map(([path, key]) => html`<li><a href="${hrefOf(context, path)}" ${context.path === path ? html` aria-current="page"` : ''}>${messages.nav[key]}</a></li>`)}
            </ul>
          </nav>
          <a class="lang" id="switch-language" href="${hrefOf(context, context.path, { ...context.query, lang: other })}" lang="${other}" hreflang="${other}">${messages.otherLanguage}</a>
        </header>
        <main id="content">
          <h1>${options.title}</h1>
          ${options.main}
        </main>
        <footer>
          <p>
            ${options.asOf === null ? '' : `${messages.asOf(beijingTime(options.asOf), position)} · `}${context.localOnly ? `${messages.localOnly} · ` : ''}<span id="live-status" role="status"
              >${messages.live}</span
            >
          </p>
        </footer>
      </body>
    </html>`;
};
