/**
 * `pnpm docs:diagram`: rewrites each Mermaid diagram in docs/mediation-workflow.md from the
 * workflow data. A diagram block follows a marker naming its workflow:
 * `<!-- diagram: mediation@2 -->`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mediationWorkflow, mediationWorkflowV1, workflowDiagram, workflowLabel } from '@casefold/core';

const SHIPPED = new Map([mediationWorkflow, mediationWorkflowV1].map((w) => [workflowLabel(w), w]));
const file = join(import.meta.dirname, '..', 'docs', 'mediation-workflow.md');
const text = readFileSync(file, 'utf8');
const marked = /<!-- diagram: ([^ ]+) -->\n```mermaid\n[\s\S]*?```/g;
let count = 0;
const updated = text.replace(marked, (_block, label: string) => {
  const workflow = SHIPPED.get(label);
  if (workflow === undefined) throw new Error(`${file}: no shipped workflow ${label} (known: ${[...SHIPPED.keys()].join(', ')})`);
  count += 1;
  return `<!-- diagram: ${label} -->\n\`\`\`mermaid\n${workflowDiagram(workflow)}\n\`\`\``;
});
if (count === 0) throw new Error(`${file} has no <!-- diagram: id@version --> block to replace`);
writeFileSync(file, updated);
console.log(`updated ${count} diagram(s) in ${file}`);
