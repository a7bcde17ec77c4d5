import type { AnyCaseEvent, CaseEventData } from '../../events/caseEvent.js';
import { type PublicStatus, publicStatus } from '../../status/publicStatus.js';

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

/**
 * The public status after an event, given the stage after it and the case's closing outcome
 * (if closed): the event's own (open case model), or version 1's mapping of the stage.
 */
export const statusAfter = (event: AnyCaseEvent, stage: string, outcome: CaseEventData<'Closed'>['outcome'] | null, at: string): PublicStatus =>
  event.meta.status ?? publicStatus({ stage, closure: outcome === null ? null : { outcome, referredTo: null, at } }) ?? 'unreviewed';
