/** `pnpm docs:diagram`: rewrites the Mermaid diagram in docs/mediation-workflow.md from the workflow data. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mediationWorkflow, workflowDiagram } from '@casefold/core';

const file = join(import.meta.dirname, '..', 'docs', 'mediation-workflow.md');
const text = readFileSync(file, 'utf8');
const block = /```mermaid\n[\s\S]*?```/;
if (!block.test(text)) throw new Error(`${file} has no mermaid block to replace`);
writeFileSync(file, text.replace(block, `\`\`\`mermaid\n${workflowDiagram(mediationWorkflow)}\n\`\`\``));
console.log(`updated ${file}`);
