// #region workflow
import { type DeadlineRule, type Workflow, mediationWorkflow } from '@casefold/core';

/** Days the fast track gives a labour mediation (the statute allows 15). */
export const EXPRESS_LABOUR_DAYS = 10;

const fastTrack = (rule: DeadlineRule): DeadlineRule =>
  rule.id === 'mediation.labour'
    ? {
        ...rule,
        amount: EXPRESS_LABOUR_DAYS,
        label: 'Labour-dispute mediation, fast track',
        basis: 'District pilot (assumed for this example): 10 days, stricter than 劳动争议调解仲裁法 Art 14 (15 days)',
      }
    : rule;

/**
 * A variant of the default mediation workflow as a district might pilot it: labour
 * disputes must be mediated within 10 calendar days instead of 15. Everything else —
 * stages, roles, the other deadlines — is the default workflow's. A new id, so every event
 * it decides records that it was decided under the pilot (decision provenance).
 */
export const expressLabourWorkflow: Workflow = {
  ...mediationWorkflow,
  id: 'mediation-express-labour',
  version: 1,
  title: 'Dispute-mediation request, labour fast track (pilot)',
  deadlines: mediationWorkflow.deadlines.map(fastTrack),
};
// #endregion workflow
