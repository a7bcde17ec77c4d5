import type { AnyCaseEvent } from '../../events/caseEvent.js';

/**
 * The internal stage after an event, given the stage before it and the case's first-contact
 * owner: the stage part of the decider's `evolve`, for read models that keep no full state.
 * An event decided on the open case model names its stage; one decided by version 1 of the
 * mediation workflow does not, and its stage follows from the event as that version had it.
 * (A property test checks it against `evolve` for random histories.)
 */
export const stageAfter = (stage: string, owner: string | null, event: AnyCaseEvent): string => {
  if (event.meta.stage !== undefined) return event.meta.stage;
  switch (event.type) {
    case 'Submitted':
      return 'submitted';
    case 'Reviewed':
      return event.data['decision'] === 'accepted' ? 'accepted' : 'rejected';
    case 'Routed':
      return event.data['mode'] === 'return' && event.data['to'] === owner ? 'accepted' : 'routed';
    case 'MediationStarted':
      return 'inMediation';
    case 'Mediated':
      return String(event.data['outcome']);
    case 'Notarized':
      return 'notarized';
    case 'Closed':
      return 'closed';
    default:
      return stage;
  }
};
