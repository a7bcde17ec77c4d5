import { type AnyCaseEvent, isLifecycleEvent } from '../events/caseEvent.js';
import type { Projection } from '../projections/projection.js';
import { type ShardedRecord, getIn, setIn } from '../projections/shared/shardedRecord.js';
import { type StreamIndex, caseIdOf } from '../projections/shared/streamIndex.js';
import type { CaseScope } from './caseScope.js';

/** State of {@link caseScopesProjection}: plain JSON. */
export interface CaseScopesState {
  readonly streams: StreamIndex;
  /** By case id, sharded: read with {@link caseScopeIn}. */
  readonly cases: ShardedRecord<CaseScope>;
}

/**
 * Each case's {@link CaseScope}, the row authorization reads beside every other read model:
 * kind, category, owner, holder (moved by `Routed`), the applicants' and respondents' subject
 * ids and the participants a mediation named. No personal data. Constant work per event.
 */
export const caseScopesProjection: Projection<CaseScopesState, AnyCaseEvent> = {
  name: 'caseScopes',
  version: 1,
  initialState: { streams: {}, cases: {} },
  apply: (draft, envelope) => {
    const caseId = caseIdOf(draft.streams, envelope);
    const { event } = envelope;
    if (caseId === undefined || !isLifecycleEvent(event)) return;
    if (event.type === 'Submitted') {
      const d = event.data;
      const subjects = (side: string): string[] => d.parties.filter((p) => p.side === side).map((p) => p.subjectId);
      const { id: kind } = event.meta.workflow;
      setIn(draft.cases, caseId, {
        caseId,
        kind,
        category: d.category,
        owner: d.receivingUnit,
        holder: d.receivingUnit,
        applicants: subjects('applicant'),
        respondents: subjects('respondent'),
        participants: [],
      });
      return;
    }
    const scope = getIn(draft.cases, caseId);
    if (scope === undefined) return;
    if (event.type === 'Routed') scope.holder = event.data.to;
    if (event.type === 'MediationStarted') scope.participants = (event.data.participants ?? []).map((p) => p.id);
  },
};

/** One case's scope, or `undefined` if the projection has not seen it. */
export const caseScopeIn = (state: CaseScopesState, caseId: string): CaseScope | undefined => getIn(state.cases, caseId);
