import type { CaseState } from '../decider/caseState.js';
import type { PublicStatus } from './publicStatusLabels.js';

export { PUBLIC_STATUS_LABELS, PUBLIC_STATUSES, type PublicStatus } from './publicStatusLabels.js';

/**
 * The public status of a stage of version 1 of the mediation workflow, whose events carry
 * no status of their own.
 */
const LEGACY_STATUS: Readonly<Record<string, PublicStatus>> = {
  submitted: 'unreviewed',
  rejected: 'rejected',
  accepted: 'pending',
  routed: 'pending',
  inMediation: 'pending',
  agreement: 'handled',
  noAgreement: 'handled',
  withdrawn: 'handled',
  notarized: 'handled',
};

/** The public status of a version 1 stage: a closed case shows rejected or handled by its outcome. */
const legacyStatus = (stage: string, outcome: string | null): PublicStatus | null =>
  stage === 'new' ? null : stage === 'closed' ? (outcome === 'rejected' ? 'rejected' : 'handled') : (LEGACY_STATUS[stage] ?? 'pending');

/**
 * The citizen-facing status of a case; `null` before it is submitted. The internal stage is
 * finer: several stages show as the same public status. A folded state knows it (events
 * decided on the open case model say it); for a state built by hand, version 1 of the
 * mediation workflow's stages are mapped as that version did.
 */
export const publicStatus = (state: Pick<CaseState, 'stage' | 'closure'> & Partial<Pick<CaseState, 'status'>>): PublicStatus | null =>
  state.status ?? legacyStatus(state.stage, state.closure?.outcome ?? null);
