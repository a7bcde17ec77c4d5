/**
 * `pnpm docs:diagram`: rewrites each Mermaid diagram in docs/*.md from the data of the
 * shipped workflow it shows. A diagram block follows a marker naming its workflow:
 * `<!-- diagram: mediation@2 -->`. Every shipped workflow must have one.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedWorkflows, workflowDiagram, workflowLabel } from '@casefold/core';

const SHIPPED = new Map(shippedWorkflows.map((w) => [workflowLabel(w), w]));
const DOCS = join(import.meta.dirname, '..', 'docs');
const marked = /<!-- diagram: ([^ ]+) -->\n```mermaid\n[\s\S]*?```/g;
const shown = new Set<string>();
for (const name of readdirSync(DOCS).filter((f) => f.endsWith('.md'))) {
  const file = join(DOCS, name);
  const text = readFileSync(file, 'utf8');
  const updated = text.replace(marked, (_block, label: string) => {
    const workflow = SHIPPED.get(label);
    if (workflow === undefined) throw new Error(`${file}: no shipped workflow ${label} (known: ${[...SHIPPED.keys()].join(', ')})`);
    shown.add(label);
    return `<!-- diagram: ${label} -->\n\`\`\`mermaid\n${workflowDiagram(workflow)}\n\`\`\``;
  });
  if (updated !== text) writeFileSync(file, updated);
}
const missing = [...SHIPPED.keys()].filter((label) => !shown.has(label));
if (missing.length > 0) throw new Error(`no docs page shows ${missing.join(', ')}: add a \`<!-- diagram: id@version -->\` block followed by an empty mermaid block, then run again`);
console.log(`updated ${shown.size} diagram(s) in docs/`);
