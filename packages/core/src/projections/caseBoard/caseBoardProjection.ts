import { type AnyCaseEvent, type CaseEventData, isLifecycleEvent } from '../../events/caseEvent.js';
import type { UnitLevel } from '../../jurisdictions/unit.js';
import type { PublicStatus } from '../../status/publicStatus.js';
import type { Projection } from '../projection.js';
import { type Counts, addCount, moveCount } from '../shared/counts.js';
import { type ShardedRecord, getIn, setIn } from '../shared/shardedRecord.js';
import { type StreamIndex, caseIdOf } from '../shared/streamIndex.js';
import { stageAfter, statusAfter } from './stageAfter.js';

/** One case on the board: where it stands and who holds it. */
export interface CaseBoardEntry {
  readonly caseId: string;
  /** The case kind: the id of the workflow it runs under (`meta.workflow`), e.g. `petition`. */
  readonly kind: string;
  /** That workflow's version (its stage labels: {@link stageLabel}). */
  readonly workflowVersion: number;
  readonly status: PublicStatus;
  /** The internal stage, as the case's own workflow names it. */
  readonly stage: string;
  /** The closing outcome once closed. */
  readonly outcome: CaseEventData<'Closed'>['outcome'] | null;
  /** First-contact owner (首问首办). */
  readonly owner: string;
  /** The unit holding the case now, and its level. */
  readonly unit: string;
  readonly level: UnitLevel;
  readonly submittedAt: string;
  readonly lastEventAt: string;
}

/** Case counts per bucket of each dimension; every case is in exactly one bucket of each. */
export interface CaseBoardCounts {
  readonly total: number;
  /** Cases not closed yet. */
  readonly open: number;
  readonly byStatus: Counts;
  readonly byStage: Counts;
  readonly byUnit: Counts;
  readonly byLevel: Counts;
  /** By case kind (workflow id). */
  readonly byKind: Counts;
  /** By case kind, then public status: every case is in exactly one status of its kind. */
  readonly byKindStatus: Readonly<Record<string, Counts>>;
}

/** State of {@link caseBoardProjection}: plain JSON. */
export interface CaseBoardState {
  readonly streams: StreamIndex;
  /** By case id, sharded: read with {@link caseOnBoard} or {@link casesOnBoard}. */
  readonly cases: ShardedRecord<CaseBoardEntry>;
  readonly counts: CaseBoardCounts;
}

const initialState: CaseBoardState = {
  streams: {},
  cases: {},
  counts: { total: 0, open: 0, byStatus: {}, byStage: {}, byUnit: {}, byLevel: {}, byKind: {}, byKindStatus: {} },
};

/**
 * The case board: every case with its public status (未审核/待办理/已处理/已拒绝), internal
 * stage, handling unit and level, its kind (the workflow it runs under), and live counts per
 * bucket, by kind and by kind × public status. List a bucket with {@link casesOnBoard}, count
 * one with {@link countsOnBoard}. Constant work per event. Version 2 added the kind.
 */
export const caseBoardProjection: Projection<CaseBoardState, AnyCaseEvent> = {
  name: 'caseBoard',
  version: 2,
  initialState,
  apply: (draft, envelope) => {
    const caseId = caseIdOf(draft.streams, envelope);
    if (caseId === undefined) return;
    const { event } = envelope;
    const at = event.meta.occurredAt;
    const counts = draft.counts;
    const lifecycle = isLifecycleEvent(event) ? event : null;
    if (lifecycle?.type === 'Submitted') {
      const event = lifecycle;
      const { receivingUnit: unit, receivingLevel: level } = event.data;
      const stage = event.meta.stage ?? 'submitted';
      const { id: kind, version: workflowVersion } = event.meta.workflow;
      const entry: CaseBoardEntry = { caseId, kind, workflowVersion, status: event.meta.status ?? 'unreviewed', stage, outcome: null, owner: unit, unit, level, submittedAt: at, lastEventAt: at };
      setIn(draft.cases, caseId, entry);
      counts.total += 1;
      counts.open += 1;
      addCount(counts.byStatus, entry.status);
      addCount(counts.byStage, entry.stage);
      addCount(counts.byUnit, unit);
      addCount(counts.byLevel, level);
      addCount(counts.byKind, kind);
      addCount((counts.byKindStatus[kind] ??= {}), entry.status);
      return;
    }
    const entry = getIn(draft.cases, caseId);
    if (entry === undefined) return;
    entry.lastEventAt = at;
    const stage = stageAfter(entry.stage, entry.owner, event);
    if (lifecycle?.type === 'Closed') {
      entry.outcome = lifecycle.data.outcome;
      counts.open -= 1;
    }
    if (lifecycle?.type === 'Routed') {
      moveCount(counts.byUnit, entry.unit, lifecycle.data.to);
      moveCount(counts.byLevel, entry.level, lifecycle.data.toLevel);
      entry.unit = lifecycle.data.to;
      entry.level = lifecycle.data.toLevel;
    }
    const status = statusAfter(event, stage, entry.outcome, at);
    moveCount(counts.byStage, entry.stage, stage);
    moveCount(counts.byStatus, entry.status, status);
    moveCount((counts.byKindStatus[entry.kind] ??= {}), entry.status, status);
    entry.stage = stage;
    entry.status = status;
  },
};

/** One case's board entry, or `null` if the board has not seen it. */
export const caseOnBoard = (state: CaseBoardState, caseId: string): CaseBoardEntry | null => getIn(state.cases, caseId) ?? null;
