import type { CaseState } from '../decider/caseState.js';
import { legacyStatus } from '../decider/evolve.js';
import type { PublicStatus } from './publicStatusLabels.js';

export { PUBLIC_STATUS_LABELS, PUBLIC_STATUSES, type PublicStatus } from './publicStatusLabels.js';

/**
 * The citizen-facing status of a case; `null` before it is submitted. The internal stage is
 * finer: several stages show as the same public status. A folded state knows it (events
 * decided on the open case model say it); for a state built by hand, version 1 of the
 * mediation workflow's stages are mapped as that version did.
 */
export const publicStatus = (state: Pick<CaseState, 'stage' | 'closure'> & Partial<Pick<CaseState, 'status'>>): PublicStatus | null =>
  state.status ?? legacyStatus(state.stage, state.closure?.outcome ?? null);
