import { type AnyCaseEvent, type CaseEventData, type CaseLink, isLifecycleEvent } from '../../events/caseEvent.js';
import type { UnitLevel } from '../../jurisdictions/unit.js';
import type { Projection } from '../projection.js';
import { type ShardedRecord, getIn, setIn } from '../shared/shardedRecord.js';
import { type StreamIndex, caseIdOf } from '../shared/streamIndex.js';

/** One unit a case passed through: how and when it arrived there, from where, and why. */
export interface PathStop {
  readonly unit: string;
  readonly level: UnitLevel;
  readonly arrivedAt: string;
  /** `received`: the first-contact unit; otherwise the `Routed` mode that brought the case. */
  readonly via: 'received' | 'dispatch' | 'escalate' | 'return';
  /** The unit that sent the case; `null` for the receiving unit. */
  readonly from: string | null;
  /** The routing reason as recorded; `null` for the receiving unit or an unreasoned dispatch. */
  readonly reason: string | null;
}

/** A case's path through the units, from the receiving unit to the one holding it now. */
export interface CasePath {
  readonly caseId: string;
  /** The case kind: the id of the workflow it runs under (`meta.workflow`). */
  readonly kind: string;
  /** Where the dispute arose (a community or grid): places the case in a sub-district. */
  readonly area: string;
  /** Never empty: the first stop is the receiving unit. */
  readonly stops: readonly PathStop[];
  /**
   * Links to other cases, in order: those its `Submitted` recorded (`convertedFrom`,
   * `sameRequest`), then one per `CaseLinked` (e.g. `convertedTo` a mediation case).
   */
  readonly links: readonly CaseLink[];
  readonly outcome: CaseEventData<'Closed'>['outcome'] | null;
  readonly closedAt: string | null;
}

/** State of {@link escalationPathsProjection}: plain JSON. */
export interface EscalationPathsState {
  readonly streams: StreamIndex;
  /** By case id, sharded: read with {@link escalationPathOf} or {@link escalationReport}. */
  readonly cases: ShardedRecord<CasePath>;
}

/**
 * Escalation paths: for each case the units it passed through (receiving unit first, then
 * one stop per `Routed` event) with times, modes and reasons, its kind, its links to other
 * cases (conversions), and how it closed. Query it with {@link escalationPathOf} and
 * {@link escalationReport}. Constant work per event. Version 2 added the kind and the links.
 */
export const escalationPathsProjection: Projection<EscalationPathsState, AnyCaseEvent> = {
  name: 'escalationPaths',
  version: 2,
  initialState: { streams: {}, cases: {} },
  apply: (draft, envelope) => {
    const caseId = caseIdOf(draft.streams, envelope);
    if (caseId === undefined) return;
    const { event } = envelope;
    if (!isLifecycleEvent(event)) return;
    const at = event.meta.occurredAt;
    switch (event.type) {
      case 'Submitted': {
        const d = event.data;
        setIn(draft.cases, caseId, {
          caseId,
          kind: event.meta.workflow.id,
          area: d.area,
          stops: [{ unit: d.receivingUnit, level: d.receivingLevel, arrivedAt: at, via: 'received', from: null, reason: null }],
          links: (d.links ?? []).map(({ caseId, kind, relation }) => ({ caseId, kind, relation })),
          outcome: null,
          closedAt: null,
        });
        return;
      }
      case 'Routed': {
        const d = event.data;
        getIn(draft.cases, caseId)?.stops.push({ unit: d.to, level: d.toLevel, arrivedAt: at, via: d.mode, from: d.from, reason: d.reason });
        return;
      }
      case 'CaseLinked': {
        const { caseId: other, kind, relation } = event.data;
        getIn(draft.cases, caseId)?.links.push({ caseId: other, kind, relation });
        return;
      }
      case 'Closed': {
        const path = getIn(draft.cases, caseId);
        if (path === undefined) return;
        path.outcome = event.data.outcome;
        path.closedAt = at;
        return;
      }
      default:
        return;
    }
  },
};

/** The path of one case, or `null` if the projection has not seen it. */
export const escalationPathOf = (state: EscalationPathsState, caseId: string): CasePath | null => getIn(state.cases, caseId) ?? null;
