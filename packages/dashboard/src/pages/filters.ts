import type { JurisdictionDirectory, Unit } from '@casefold/core';
import { type Html, html } from '../html/html.js';
import { type PageContext, KINDS, kindName } from './pageContext.js';

/** The directory's units depth-first from the top, each with its depth. */
const unitsInOrder = (directory: JurisdictionDirectory): readonly { readonly unit: Unit; readonly depth: number }[] => {
  const children = new Map<string | null, Unit[]>();
  for (const unit of directory.units.values()) {
    const siblings = children.get(unit.parent) ?? [];
    siblings.push(unit);
    children.set(unit.parent, siblings);
  }
  const ordered: { unit: Unit; depth: number }[] = [];
  const visit = (parent: string | null, depth: number): void => {
    for (const unit of children.get(parent) ?? []) {
      ordered.push({ unit, depth });
      visit(unit.id, depth + 1);
    }
  };
  visit(null, 0);
  return ordered;
};

/** A labelled `<select>`; `choices` are value and text pairs, the first the empty "any" choice. */
export const selectField = (name: string, label: string, selected: string | undefined, choices: readonly (readonly [string, string])[]): Html =>
  html`<label for="f-${name}">${label}</label
    ><select id="f-${name}" name="${name}">
      ${choices.map(([value, text]) => html`<option value="${value}" ${value === (selected ?? '') ? html` selected` : ''}>${text}</option>`)}
    </select>`;

/** The unit choice: every unit of the directory, indented under its parent. */
export const unitField = (context: PageContext, label: string, selected: string | undefined): Html =>
  selectField('unit', label, selected, [
    ['', context.messages.wholeDirectory],
    ...unitsInOrder(context.models.directory).map(({ unit, depth }) => [unit.id, `${'\u3000'.repeat(depth)}${unit.name}`] as const),
  ]);

/** The kind choice: every shipped kind. */
export const kindField = (context: PageContext, selected: string | undefined): Html =>
  selectField('kind', context.messages.board.kind, selected, [['', context.messages.allKinds], ...KINDS.map((kind) => [kind, kindName(context, kind)] as const)]);

/** A GET form that keeps the page's language. */
export const filterForm = (context: PageContext, fields: readonly Html[]): Html =>
  html`<form class="filters" method="get" action="${context.path}">
    ${fields.map((field) => html`<div class="field">${field}</div>`)}${context.lang === null ? '' : html`<input type="hidden" name="lang" value="${context.lang}" />`}<button type="submit">
      ${context.messages.filter}
    </button>
  </form>`;
