import type { CaseEvent } from '../../events/caseEvent.js';
import type { Stage } from '../../workflow/workflow.js';

/**
 * The internal stage after an event, given the stage before it and the case's first-contact
 * owner: the stage part of the decider's `evolve`, for read models that keep no full state.
 * (A property test checks it against `evolve` for random histories.)
 */
export const stageAfter = (stage: Stage, owner: string | null, event: CaseEvent): Stage => {
  switch (event.type) {
    case 'Submitted':
      return 'submitted';
    case 'Reviewed':
      return event.data.decision === 'accepted' ? 'accepted' : 'rejected';
    case 'Routed':
      return event.data.mode === 'return' && event.data.to === owner ? 'accepted' : 'routed';
    case 'MediationStarted':
      return 'inMediation';
    case 'Mediated':
      return event.data.outcome;
    case 'Notarized':
      return 'notarized';
    case 'Closed':
      return 'closed';
    default:
      return stage;
  }
};
