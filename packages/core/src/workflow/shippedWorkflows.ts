import { legalAidWorkflow } from './legalAidWorkflow.js';
import { legalConsultationWorkflow } from './legalConsultationWorkflow.js';
import { gridEventWorkflow } from './gridEventWorkflow.js';
import { mediationWorkflow, mediationWorkflowV1 } from './mediationWorkflow.js';
import { petitionWorkflow } from './petitionWorkflow.js';
import type { Workflow } from './workflow.js';

/**
 * Every workflow casefold ships, each version still decided or replayed: the case kinds of
 * the four centres behind one window. Docs pages show each one's diagram, generated from this
 * list (`pnpm docs:diagram`) and checked by a test.
 */
export const shippedWorkflows: readonly Workflow[] = [mediationWorkflow, mediationWorkflowV1, legalConsultationWorkflow, legalAidWorkflow, gridEventWorkflow, petitionWorkflow];
