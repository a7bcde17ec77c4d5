import { RECORDED_LATE_AFTER_MS } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Checkpoint } from '../checkpoints/checkpoint.js';
import type { EvidenceCase, OnTimeRecordedLate } from './evidenceBundle.js';
import type { EventTimes, RecordedTimesResult } from './recordedTimes.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '?');
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** When an event happened and was recorded, marked as the timeline marks it when that was late. */
const whenOf = (meta: Record<string, unknown>, times: EventTimes | undefined): string =>
  `occurred ${times?.occurredAt ?? text(meta['occurredAt'])}  recorded ${times?.recordedAt ?? text(meta['recordedAt'])}${times?.recordedLate === true ? ' (recorded late)' : ''}`;

/** What one event's metadata says, as one line of a timeline (never personal data: data is not shown). */
const timelineLine = (revision: string, type: string, metadata: unknown, times: EventTimes | undefined, redacted: boolean): string => {
  const meta = isRecord(metadata) ? metadata : {};
  const actor = isRecord(meta['actor']) ? meta['actor'] : {};
  const workflow = isRecord(meta['workflow']) ? `${text(meta['workflow']['id'])}@${String(meta['workflow']['version'])}` : 'no workflow recorded';
  const stage = typeof meta['stage'] === 'string' ? ` → ${meta['stage']}${typeof meta['status'] === 'string' ? ` (${meta['status']})` : ''}` : '';
  return `  #${revision.padStart(3)}  ${whenOf(meta, times)}  ${type} by ${text(actor['role'])} ${text(actor['id'])}${stage}  [${workflow}]${redacted ? '  (content withheld: personal data)' : ''}`;
};

const deadlineLine = (d: OnTimeRecordedLate): string =>
  `        deadline ${d.rule} (${d.label}): met on time, recorded late (due ${d.dueAt}; met by this event dated ${d.stoppedAt}, recorded ${d.recordedAt})`;

/** What the case line says of honest time. */
const timesNote = (times: RecordedTimesResult, c: EvidenceCase): string => {
  if (E.isLeft(times)) return `times not judged: ${times.left}`;
  const late = times.right.events.filter((e) => e.recordedLate).length;
  const met = c.onTimeRecordedLate?.length ?? 0;
  return late === 0 ? 'no event recorded late' : `${plural(late, 'event', 'events')} recorded late, ${plural(met, 'deadline', 'deadlines')} met on time, recorded late`;
};

const caseLines = (c: EvidenceCase, times: RecordedTimesResult): string[] => {
  const byRevision = new Map(E.isRight(times) ? times.right.events.map((t) => [t.revision, t]) : []);
  const stoppedBy = (revision: string): string[] => (c.onTimeRecordedLate ?? []).filter((d) => d.revision === revision).map(deadlineLine);
  return [
    `Case ${c.caseId ?? '(none)'} (stream ${c.streamId}): revisions 0..${c.committed.revision} covered by the checkpoint${
      c.notCovered.length === 0
        ? ''
        : `; ${c.notCovered.length} later event${c.notCovered.length === 1 ? '' : 's'} (revisions ${c.notCovered[0]!.revision}..${c.notCovered[c.notCovered.length - 1]!.revision}) recorded after it, not covered`
    }; ${timesNote(times, c)}.`,
    ...c.events.flatMap((e) => [
      'redacted' in e
        ? timelineLine(e.revision, e.redacted.type, e.redacted.metadata, byRevision.get(e.revision), true)
        : timelineLine(e.revision, e.type, JSON.parse(e.metadata), byRevision.get(e.revision), false),
      ...stoppedBy(e.revision),
    ]),
    ...c.notCovered.map((e) => `  #${e.revision.padStart(3)}  ${e.type}  (not covered by the checkpoint)`),
  ];
};

/**
 * The bundle's readable summary: the checkpoint and how times are shown, then per case what
 * the proof covers and its timeline, one line per event with when it happened and when it
 * was recorded (marked "recorded late" by core's rule), and under an event each deadline it
 * met only by its date ("met on time, recorded late"). `times[i]` is `cases[i]`'s
 * (see `recordedTimes`).
 */
export const evidenceSummary = (checkpoint: Checkpoint, cases: readonly EvidenceCase[], times: readonly RecordedTimesResult[]): string[] => [
  `Evidence from store ${checkpoint.store}, proven against the checkpoint taken ${checkpoint.takenAt} (position ${checkpoint.position}, ${checkpoint.streams} streams, root ${checkpoint.root}, signed by key ${checkpoint.publicKey}).`,
  `Times are the writers' clocks (UTC): "occurred" is when a fact happened as it was dated, "recorded" when the store recorded it; an event recorded more than ${RECORDED_LATE_AFTER_MS / 60_000} minutes after it happened is marked "recorded late", and a deadline it met only by its date "met on time, recorded late".`,
  ...cases.flatMap((c, i) => caseLines(c, times[i] ?? E.left('no times given'))),
];
