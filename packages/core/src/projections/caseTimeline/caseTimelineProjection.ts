import { castDraft } from 'immer';
import { type AnyCaseEvent, isLifecycleEvent } from '../../events/caseEvent.js';
import type { Actor } from '../../events/eventMeta.js';
import type { Projection } from '../projection.js';
import { type ClockChange, type RuleLibrary, clockChangeOf, registerRules } from '../shared/clockBook.js';
import { type ShardedRecord, getIn, setIn } from '../shared/shardedRecord.js';
import { recordedLateAt } from '../shared/recordedLate.js';
import { type StreamIndex, caseIdOf } from '../shared/streamIndex.js';
import { type EventDescription, describeEvent } from './eventDescription.js';
import { englishSummary } from './eventSummary.js';

/** One event of a case's timeline, as stored: compact, no personal data. */
export interface TimelineEntry {
  /** The event's revision in its stream. */
  readonly revision: number;
  /** The event type: one of the shared lifecycle's, or one the case's workflow defines. */
  readonly type: string;
  readonly occurredAt: string;
  /**
   * When the event was recorded, present only when that was more than an hour after
   * `occurredAt` (`RECORDED_LATE_AFTER_MS`): the event was **recorded late**.
   */
  readonly recordedAt?: string;
  readonly actor: Actor;
  /** One line for people, in English (see `eventSummary`). */
  readonly summary: string;
  /** What the line says, in no language: turn it into words with `eventSummary`'s catalogues (see {@link EventDescription}). */
  readonly description: EventDescription;
  /** What the event did to the case's deadline clocks; absent when nothing. */
  readonly clocks?: ClockChange;
}

/** One case's timeline as stored: its kind and its events. */
export interface CaseTimelineRecord {
  /** The case kind: the id of the workflow it runs under (`meta.workflow`). */
  readonly kind: string;
  /** That workflow's version. */
  readonly workflowVersion: number;
  readonly entries: readonly TimelineEntry[];
}

/** State of {@link caseTimelineProjection}: plain JSON. */
export interface CaseTimelineState {
  readonly streams: StreamIndex;
  /** Rule labels and bases by workflow version, then rule id. */
  readonly rules: RuleLibrary;
  /** By case id, sharded: read with {@link timelineOf}. */
  readonly cases: ShardedRecord<CaseTimelineRecord>;
}

/**
 * Case timelines: per case, every event with type, actor, time, revision, a one-line
 * summary and its effect on the deadline clocks. Read one with {@link timelineOf}, which
 * adds the due times (they need the calendar). Constant work per event. Version 4 keeps each
 * line's language-neutral `description` beside its English `summary`; version 3 marks the
 * events recorded late (`recordedAt`); version 2 kept each case's kind and the rules per
 * workflow version (version 1 kept one rule per id across kinds).
 */
export const caseTimelineProjection: Projection<CaseTimelineState, AnyCaseEvent> = {
  name: 'caseTimeline',
  version: 4,
  initialState: { streams: {}, rules: {}, cases: {} },
  apply: (draft, envelope) => {
    const caseId = caseIdOf(draft.streams, envelope);
    if (caseId === undefined) return;
    const { event } = envelope;
    registerRules(draft.rules, event);
    if (isLifecycleEvent(event) && event.type === 'Submitted') setIn(draft.cases, caseId, { kind: event.meta.workflow.id, workflowVersion: event.meta.workflow.version, entries: [] });
    const { id, role, unit } = event.meta.actor;
    const clocks = clockChangeOf(event);
    const recordedAt = recordedLateAt(envelope);
    const description = describeEvent(event);
    const entry: TimelineEntry = {
      revision: Number(envelope.revision),
      type: event.type,
      occurredAt: event.meta.occurredAt,
      ...(recordedAt === null ? {} : { recordedAt }),
      actor: { id, role, unit },
      summary: englishSummary(description),
      description,
      ...(clocks === null ? {} : { clocks }),
    };
    getIn(draft.cases, caseId)?.entries.push(castDraft(entry));
  },
};
