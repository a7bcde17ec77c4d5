import type { Workflow } from '../../workflow/workflow.js';

/** What {@link stageLabel} needs of a case: its kind, workflow version and stage (a board entry has them). */
export interface StagedCase {
  readonly kind: string;
  readonly workflowVersion: number;
  readonly stage: string;
}

/**
 * The label the case's own workflow gives its stage, e.g. `已派遣（待受理）` for a grid event's
 * `dispatched` and `已受理` for a mediation request's `accepted`: from the workflow of the
 * case's kind and version among `workflows` (another version of the kind when that one is
 * not given); the stage id when none of them labels it.
 *
 * @example
 * casesOnBoard(board, { kind: 'gridEvent' }).map((c) => `${c.caseId} ${stageLabel(shippedWorkflows, c)}`);
 */
export const stageLabel = (workflows: readonly Workflow[], staged: StagedCase): string => {
  const ofKind = workflows.filter((w) => w.id === staged.kind);
  const own = ofKind.find((w) => w.version === staged.workflowVersion);
  for (const workflow of own === undefined ? ofKind : [own, ...ofKind]) {
    const label = workflow.stages.find((s) => s.id === staged.stage)?.label;
    if (label !== undefined) return label;
  }
  return staged.stage;
};
