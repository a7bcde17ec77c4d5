import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type * as t from 'io-ts';
import { describe, expect, it } from 'vitest';
import { caseEventCodecs, shippedWorkflows, workflowDiagram, workflowLabel } from '@casefold/core';

const DOCS = join(import.meta.dirname, '..', '..', '..', 'docs');

/** Top-level data field names of a codec, across union branches. */
const dataFields = (codec: t.Mixed): string[] => {
  const data = (codec as unknown as { props: { data: t.Mixed } }).props.data as unknown as { props?: Record<string, unknown>; types?: t.Mixed[] };
  if (data.props) return Object.keys(data.props);
  return [...new Set((data.types ?? []).flatMap((branch) => Object.keys((branch as unknown as { props: Record<string, unknown> }).props)))];
};

describe('docs stay true to the code', () => {
  const catalogue = readFileSync(join(DOCS, 'event-catalogue.md'), 'utf8');

  it.each(Object.entries(caseEventCodecs))('the event catalogue documents %s with exactly its codec’s fields', (type, codec) => {
    const section = catalogue.split(/^### /m).find((s) => s.startsWith(`\`${type}\``));
    expect(section, `docs/event-catalogue.md has no "### \`${type}\`" section`).toBeDefined();
    const fieldsLine = section?.split('\n').find((line) => line.startsWith('Fields:')) ?? '';
    const documented = [...fieldsLine.matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort();
    expect(documented).toEqual(dataFields(codec).sort());
  });

  it('each shipped workflow has its committed Mermaid diagram in docs/, equal to the one generated from its data (run `pnpm docs:diagram`)', () => {
    const committed = new Map<string, string>();
    for (const file of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
      const doc = readFileSync(join(DOCS, file), 'utf8');
      for (const m of doc.matchAll(/<!-- diagram: ([^ ]+) -->\n```mermaid\n([\s\S]*?)\n```/g)) committed.set(m[1] as string, m[2] as string);
    }
    for (const workflow of shippedWorkflows) expect(committed.get(workflowLabel(workflow)), workflowLabel(workflow)).toBe(workflowDiagram(workflow));
  });
});
