import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Every figure a page marks (`data-figure`: its path in `casefold dashboards --json`, key by key), with its format and the text shown. */
const figuresOn = async (page: Page): Promise<readonly (readonly [string[], string | null, string])[]> =>
  ((await page.evaluate(`[...document.querySelectorAll('[data-figure]')].map((e) => [e.dataset.figure, e.dataset.format ?? null, e.textContent.trim()])`)) as [string, string | null, string][]).map(
    ([path, format, text]) => [JSON.parse(path) as string[], format, text] as const,
  );

/** The value at a path; a count map without the key counts 0 (the JSON lists only buckets with cases). */
const valueAt = (root: unknown, keys: readonly string[]): unknown => {
  let value: unknown = root;
  for (const [i, key] of keys.entries()) {
    if (typeof value !== 'object' || value === null) throw new Error(`no ${keys.slice(0, i + 1).join('.')} in the JSON`);
    value = (value as Record<string, unknown>)[key];
    if (value === undefined && i === keys.length - 1) return 0;
  }
  return value;
};

/** A figure as the pages write it: counts as they are, shares as percentages with one decimal. */
const shown = (value: unknown, format: string | null): string => {
  if (format !== 'percent') return String(value);
  return value === null ? '–' : `${((value as number) * 100).toFixed(1)}%`;
};

/** Checks every marked figure of a page against the JSON; returns how many it checked. */
export const expectFigures = async (page: Page, json: unknown, under: string | null = null): Promise<number> => {
  const figures = await figuresOn(page);
  for (const [path, format, text] of figures) {
    const keys = under === null ? path : path.slice(1);
    if (under !== null) expect(path[0]).toBe(under);
    expect(text, path.join(' → ')).toBe(shown(valueAt(json, keys), format));
  }
  return figures.length;
};
