import { type AnyCaseEvent, isLifecycleEvent } from '../../events/caseEvent.js';
import type { UnitLevel } from '../../jurisdictions/unit.js';
import type { CaseState } from '../../decider/caseState.js';
import type { Draft } from 'immer';
import type { Projection } from '../projection.js';
import { recordedLateAt } from '../shared/recordedLate.js';
import { type ClockBook, type ClockChange, type RuleLibrary, applyClockChange, clockChangeOf, registerRules } from '../shared/clockBook.js';
import { type ShardedRecord, deleteIn, getIn, setIn } from '../shared/shardedRecord.js';
import { type StreamIndex, caseIdOf } from '../shared/streamIndex.js';

/** An open case's running clocks, where it is held, and its supervision level. */
export interface OpenCaseClocks {
  readonly caseId: string;
  /** The case kind: the id of the workflow it runs under (`meta.workflow`). */
  readonly kind: string;
  /** That workflow's version. */
  readonly workflowVersion: number;
  readonly unit: string;
  readonly level: UnitLevel;
  readonly category: string;
  /** Supervision (督办), orthogonal to the deadlines: raised by a superior, never lowered. */
  readonly supervision: CaseState['supervision'];
  /** Running clocks only (a stopped clock leaves the record). */
  readonly clocks: ClockBook;
}

/**
 * A case's clocks stopped by an event recorded late (see `recordedLateAt`), each as it stood
 * when stopped, with `stopRecordedAt`; kept when the case closes, for the report's "on time,
 * recorded late".
 */
export interface LateStoppedClocks {
  readonly caseId: string;
  readonly kind: string;
  readonly workflowVersion: number;
  /** The unit holding the case when the first such clock stopped. */
  readonly unit: string;
  readonly clocks: ClockBook;
}

/** State of {@link deadlinesProjection}: plain JSON. */
export interface DeadlinesState {
  readonly streams: StreamIndex;
  /** Rule labels and bases by workflow version, then rule id. */
  readonly rules: RuleLibrary;
  /** Open cases only, by case id (sharded): a case leaves when it closes. */
  readonly cases: ShardedRecord<OpenCaseClocks>;
  /** By case id (sharded), open or closed: the clocks stopped by an event recorded late. */
  readonly recordedLate: ShardedRecord<LateStoppedClocks>;
}

/** Keeps a copy of each running clock a change recorded late at `recordedAt` stops at `at`, stopped. */
const keepLateStops = (draft: Draft<DeadlinesState>, record: Draft<OpenCaseClocks>, change: ClockChange, at: string, recordedAt: string): void => {
  const stopped: Draft<ClockBook> = {};
  for (const rule of change.stopped ?? []) {
    const clock = record.clocks[rule];
    if (clock !== undefined && clock.stoppedAt === null) stopped[rule] = { ...clock, pauses: clock.pauses.map((pause) => ({ ...pause })) };
  }
  if (Object.keys(stopped).length === 0) return;
  applyClockChange(stopped, { stopped: Object.keys(stopped) }, at, recordedAt);
  const kept = getIn(draft.recordedLate, record.caseId);
  if (kept === undefined) setIn(draft.recordedLate, record.caseId, { caseId: record.caseId, kind: record.kind, workflowVersion: record.workflowVersion, unit: record.unit, clocks: stopped });
  else Object.assign(kept.clocks, stopped);
};

/**
 * Deadlines of open cases: each open case's running clocks (started, paused, extended,
 * stopped exactly as the decider's `evolve` does, from the events' `meta.deadlines`), its
 * handling unit and its supervision level. Due times need the calendar: ask
 * {@link deadlineReport}. Work per event is bounded by the case's running clocks. Version 3
 * keeps the clocks stopped by an event recorded late (`recordedLate`); version 2 added each
 * case's kind and keeps the rules per workflow version (version 1 kept one rule per
 * id, so a petition's `review` was shown with the mediation request's label and basis).
 */
export const deadlinesProjection: Projection<DeadlinesState, AnyCaseEvent> = {
  name: 'deadlines',
  version: 3,
  initialState: { streams: {}, rules: {}, cases: {}, recordedLate: {} },
  apply: (draft, envelope) => {
    const caseId = caseIdOf(draft.streams, envelope);
    if (caseId === undefined) return;
    const { event } = envelope;
    registerRules(draft.rules, event);
    const lifecycle = isLifecycleEvent(event) ? event : null;
    const late = recordedLateAt(envelope);
    const open = getIn(draft.cases, caseId);
    const change = clockChangeOf(event);
    if (late !== null && open !== undefined && change !== null) keepLateStops(draft, open, change, event.meta.occurredAt, late);
    if (lifecycle?.type === 'Closed') {
      deleteIn(draft.cases, caseId);
      return;
    }
    if (lifecycle?.type === 'Submitted') {
      const d = lifecycle.data;
      setIn(draft.cases, caseId, {
        caseId,
        kind: lifecycle.meta.workflow.id,
        workflowVersion: lifecycle.meta.workflow.version,
        unit: d.receivingUnit,
        level: d.receivingLevel,
        category: d.category,
        supervision: 'normal',
        clocks: {},
      });
    }
    const record = getIn(draft.cases, caseId);
    if (record === undefined) return;
    if (lifecycle?.type === 'Routed') {
      record.unit = lifecycle.data.to;
      record.level = lifecycle.data.toLevel;
    }
    if (lifecycle?.type === 'SupervisionRaised') record.supervision = lifecycle.data.level;
    if (change === null) return;
    applyClockChange(record.clocks, change, event.meta.occurredAt);
    for (const rule of change.stopped ?? []) {
      if (record.clocks[rule]?.stoppedAt !== null) delete record.clocks[rule];
    }
  },
};
