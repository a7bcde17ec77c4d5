import type { CaseState } from '../decider/caseState.js';
import type { Stage } from '../workflow/workflow.js';

/** The four statuses a citizen sees online (Kunming's online channel). */
export type PublicStatus = 'unreviewed' | 'pending' | 'handled' | 'rejected';

/** The Chinese labels the citizen-facing channels show. */
export const PUBLIC_STATUS_LABELS: Readonly<Record<PublicStatus, string>> = {
  unreviewed: '未审核',
  pending: '待办理',
  handled: '已处理',
  rejected: '已拒绝',
};

const BY_STAGE: Readonly<Record<Exclude<Stage, 'new' | 'closed'>, PublicStatus>> = {
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

/**
 * The citizen-facing status of a case; `null` before it is submitted. The internal stage is
 * finer: several stages show as the same public status.
 */
export const publicStatus = (state: Pick<CaseState, 'stage' | 'closure'>): PublicStatus | null => {
  if (state.stage === 'new') return null;
  if (state.stage === 'closed') return state.closure?.outcome === 'rejected' ? 'rejected' : 'handled';
  return BY_STAGE[state.stage];
};
