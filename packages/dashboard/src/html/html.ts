/** Markup that is already safe: the result of {@link html}, never user text. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What {@link html} takes between its literal parts: text and numbers are escaped, markup is kept, nothing renders as nothing. */
export type HtmlPart = Html | string | number | null | undefined | false | readonly HtmlPart[];

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const render = (part: HtmlPart): string => {
  if (part instanceof Html) return part.text;
  if (Array.isArray(part)) return (part as readonly HtmlPart[]).map(render).join('');
  if (part === null || part === undefined || part === false) return '';
  return String(part).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
};

/**
 * A template tag for HTML: every interpolated string is escaped (as text and inside quoted
 * attributes), so a unit name or a case id from the store can never become markup.
 *
 * @example
 * html`<td>${unit.name}</td>`
 */
export const html = (strings: TemplateStringsArray, ...values: readonly HtmlPart[]): Html =>
  new Html(strings.reduce((out, literal, i) => out + literal + (i < values.length ? render(values[i]!) : ''), ''));
