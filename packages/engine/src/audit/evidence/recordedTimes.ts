import { type Calendar, type Workflow, caseTimelineProjection, timelineOf } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import { caseEventCodec } from '../../cases/caseEventCodec.js';
import type { StoredEvent } from '../../eventStore/eventStore.js';
import { parseStoredEvent } from '../../eventStore/parseStoredEvent.js';
import { applyEnvelopes, envelopeOf } from '../../projections/applyEnvelopes.js';
import type { OnTimeRecordedLate } from './evidenceBundle.js';

/** When one event happened and was recorded, and whether that makes it **recorded late**. */
export interface EventTimes {
  readonly revision: string;
  /** `metadata.occurredAt`: when the fact happened, as the caller dated it. */
  readonly occurredAt: string;
  /** `metadata.recordedAt`: when the store recorded it (the command handler's clock). */
  readonly recordedAt: string;
  /** Recorded more than core's `RECORDED_LATE_AFTER_MS` after it happened (the timeline's "recorded late"). */
  readonly recordedLate: boolean;
}

/**
 * A case's times as the read models judge them (`Right`), or why they could not be judged
 * (`Left`: an event the workflows given cannot read, or a stream without a `Submitted`).
 */
export type RecordedTimesResult = E.Either<string, { readonly events: readonly EventTimes[]; readonly onTimeRecordedLate: readonly OnTimeRecordedLate[] }>;

const textAt = (metadata: Readonly<Record<string, unknown>>, key: string): string => {
  const value = metadata[key];
  return typeof value === 'string' ? value : '?';
};

/**
 * Honest time for an evidence bundle: folds core's `caseTimeline` projection over a case's
 * stored events (the ones the bundle holds) and reads, as the timeline shows them, which
 * events were recorded late and which deadlines each of them met only by its date ("met on
 * time, recorded late": dated before the due time on `calendar`, recorded after it). The
 * rule and its threshold are core's (`recordedLateAt`, `clockStatuses`): nothing is decided
 * here. The events must parse (they come from a verified stream).
 */
export const recordedTimes = (caseId: string, stored: readonly StoredEvent[], workflows: readonly Workflow[], calendar: Calendar): RecordedTimesResult => {
  const codec = caseEventCodec({ workflows });
  const recorded = stored.map(parseStoredEvent);
  const envelopes = [];
  for (const event of recorded) {
    const decoded = codec.decode(event);
    if (E.isLeft(decoded)) return E.left(`revision ${event.revision} (${event.type}) cannot be read with the workflows given: ${decoded.left.message}`);
    envelopes.push(envelopeOf(event, decoded.right));
  }
  const timeline = timelineOf(applyEnvelopes(caseTimelineProjection, caseTimelineProjection.initialState, envelopes), caseId, calendar);
  if (timeline === null) return E.left(`the stream has no Submitted event naming case ${caseId}`);
  const items = new Map(timeline.items.map((item) => [String(item.revision), item]));
  const events = recorded.map((event): EventTimes => ({
    revision: event.revision.toString(),
    occurredAt: textAt(event.metadata, 'occurredAt'),
    recordedAt: textAt(event.metadata, 'recordedAt'),
    recordedLate: items.get(event.revision.toString())?.recordedAt !== undefined,
  }));
  const onTimeRecordedLate = timeline.items.flatMap((item) =>
    item.deadlines.flatMap((d): OnTimeRecordedLate[] =>
      d.onTimeRecordedLate === true && item.stopped.includes(d.rule) && d.dueAt !== null && d.stoppedAt !== null && d.stopRecordedAt !== undefined
        ? [{ rule: d.rule, label: d.label, startedAt: d.startedAt, dueAt: d.dueAt, revision: String(item.revision), stoppedAt: d.stoppedAt, recordedAt: d.stopRecordedAt }]
        : [],
    ),
  );
  return E.right({ events, onTimeRecordedLate });
};
