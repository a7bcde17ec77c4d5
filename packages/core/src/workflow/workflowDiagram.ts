import type { Workflow } from './workflow.js';

const node = (stage: string): string => (stage === 'new' ? '[*]' : stage);

/**
 * The workflow's lifecycle as a Mermaid state diagram, generated from its transition data:
 * one arrow per (command, outcome) that changes the stage, labelled with the command and
 * the roles allowed to give it; terminal stages end in `[*]`. Commands that keep the stage
 * are listed in a note. Any workflow: the docs of each shipped one are checked against it.
 */
export const workflowDiagram = (workflow: Workflow): string => {
  const lines = ['stateDiagram-v2', `  %% ${workflow.id}@${workflow.version}: ${workflow.title}`];
  const seen = new Set<string>();
  for (const row of workflow.transitions) {
    if (row.to === 'same') continue;
    for (const from of row.from) {
      const label = `${row.command}${row.outcome ? ` (${row.outcome})` : ''}`;
      const line = `  ${node(from)} --> ${row.to}: ${label} · ${row.roles.join(', ')}`;
      if (!seen.has(line)) lines.push(line);
      seen.add(line);
    }
  }
  const terminal = workflow.stages.filter((stage) => stage.terminal === true).map((stage) => stage.id);
  for (const stage of terminal) lines.push(`  ${stage} --> [*]`);
  const keeping = workflow.transitions.filter((row) => row.to === 'same').map((row) => row.command);
  const noteAt = terminal[0] ?? workflow.stages[0]?.id;
  if (keeping.length > 0 && noteAt !== undefined) lines.push(`  note right of ${noteAt}: In open stages, without changing the stage: ${[...new Set(keeping)].join(', ')}`);
  return lines.join('\n');
};
