import type { Workflow } from './workflow.js';

const node = (stage: string): string => (stage === 'new' ? '[*]' : stage);

/**
 * The workflow's lifecycle as a Mermaid state diagram, generated from its transition data:
 * one arrow per (command, outcome) that changes the stage, labelled with the command and
 * the roles allowed to give it. Commands that keep the stage are listed in a note.
 */
export const workflowDiagram = (workflow: Workflow): string => {
  const lines = ['stateDiagram-v2', `  %% ${workflow.id}@${workflow.version}: ${workflow.title}`];
  const seen = new Set<string>();
  for (const row of workflow.transitions) {
    if (row.to === 'same') continue;
    for (const from of row.from) {
      const label = `${row.command}${row.outcome ? ` (${row.outcome})` : ''}`;
      const line = `  ${node(from)} --> ${row.to === 'closed' ? 'closed' : row.to}: ${label} · ${row.roles.join(', ')}`;
      if (!seen.has(line)) lines.push(line);
      seen.add(line);
    }
  }
  lines.push('  closed --> [*]');
  const keeping = workflow.transitions.filter((row) => row.to === 'same').map((row) => row.command);
  if (keeping.length > 0) lines.push(`  note right of closed: In open stages, without changing the stage: ${[...new Set(keeping)].join(', ')}`);
  return lines.join('\n');
};
