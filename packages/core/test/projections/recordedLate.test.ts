import { describe, expect, it } from 'vitest';
import {
  type AnyCaseEvent,
  type Envelope,
  RECORDED_LATE_AFTER_MS,
  caseTimelineProjection,
  deadlineReport,
  deadlinesProjection,
  statisticsProjection,
  statisticsReport,
  timelineOf,
} from '@casefold/core';
import { calendar, run, submit } from '../support/fixtures.js';
import { project, storeOf } from './project.js';

const HOUR = 60 * 60_000;
const later = (at: string, ms: number): string => new Date(Date.parse(at) + ms).toISOString();

/**
 * A rejected request called back and closed, every clock on time by the events' dates.
 * Submitted on Monday 1 June 2026 at 09:00 Beijing time, so its 3-day review is due at 24:00
 * on 4 June; the review is dated 3 June, the call-back and the closure 4 June.
 */
const rejectedCase = (caseId: string) =>
  run([
    { at: '2026-06-01T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit(caseId) },
    {
      at: '2026-06-03T02:00:00.000Z',
      role: 'intakeClerk',
      unit: 'majie',
      command: { type: 'Review', caseId, decision: { outcome: 'rejected', reason: 'outOfArea', note: 'Arose in another district' } },
    },
    {
      at: '2026-06-04T02:00:00.000Z',
      role: 'intakeClerk',
      unit: 'majie',
      command: { type: 'RecordCallback', caseId, purpose: 'rejectionExplained', reached: true, satisfaction: null, note: null },
    },
    { at: '2026-06-04T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Close', caseId, referredTo: null, note: null } },
  ]);

/** The store of the cases, the review of each recorded `reviewRecordedAfterMs` after the fact it records. */
const storeWithReviewsRecordedLate = (cases: readonly { readonly caseId: string; readonly reviewRecordedAfterMs: number }[]): Envelope<AnyCaseEvent>[] =>
  storeOf(...cases.map(({ caseId }) => rejectedCase(caseId))).map((envelope) => {
    const delay = cases.find((c) => envelope.streamId === `case-${c.caseId}`)?.reviewRecordedAfterMs ?? 0;
    return envelope.event.type === 'Reviewed' ? { ...envelope, recordedAt: later(envelope.event.meta.occurredAt, delay) } : envelope;
  });

/** L-1: reviewed on 3 June, recorded on 8 June, after the due time; L-2: recorded two hours late, still before it; L-3: on time. */
const store = storeWithReviewsRecordedLate([
  { caseId: 'L-1', reviewRecordedAfterMs: 5 * 24 * HOUR },
  { caseId: 'L-2', reviewRecordedAfterMs: 2 * HOUR },
  { caseId: 'L-3', reviewRecordedAfterMs: RECORDED_LATE_AFTER_MS },
]);

describe('honest time: events recorded late, and deadlines met on time only by their date', () => {
  it('the timeline marks an event recorded more than an hour late with its recordedAt, and the review it stopped as "on time, recorded late"', () => {
    const state = project(caseTimelineProjection, store);
    const timeline = timelineOf(state, 'L-1', calendar);
    const review = timeline?.items.find((item) => item.type === 'Reviewed');
    expect(review?.recordedAt).toBe('2026-06-08T02:00:00.000Z');
    expect(review?.deadlines.find((d) => d.rule === 'review')).toMatchObject({
      metOnTime: true,
      dueAt: '2026-06-04T16:00:00.000Z',
      stopRecordedAt: '2026-06-08T02:00:00.000Z',
      onTimeRecordedLate: true,
    });
    expect(timeline?.items.filter((item) => item.recordedAt !== undefined).map((item) => item.type)).toEqual(['Reviewed']);
    // Two hours late, but recorded before the due time: marked late, met on time honestly.
    const l2 = timelineOf(state, 'L-2', calendar)?.items.find((item) => item.type === 'Reviewed');
    expect(l2?.recordedAt).toBe('2026-06-03T04:00:00.000Z');
    expect(l2?.deadlines.find((d) => d.rule === 'review')).toMatchObject({ metOnTime: true, stopRecordedAt: '2026-06-03T04:00:00.000Z' });
    expect(l2?.deadlines.find((d) => d.rule === 'review')).not.toHaveProperty('onTimeRecordedLate');
    // Exactly an hour is not late.
    const l3 = timelineOf(state, 'L-3', calendar)?.items.find((item) => item.type === 'Reviewed');
    expect(l3).not.toHaveProperty('recordedAt');
    expect(l3?.deadlines.find((d) => d.rule === 'review')).not.toHaveProperty('stopRecordedAt');
  });

  it('the deadlines report lists, for closed cases too, the deadline met on time only by a fact recorded after its due time', () => {
    const state = project(deadlinesProjection, store);
    const report = deadlineReport(state, '2026-06-10T00:00:00.000Z', calendar);
    expect(report.openCases).toBe(0);
    expect(report.onTimeRecordedLate.map(({ caseId, rule, stoppedAt, dueAt, stopRecordedAt, kind, unit }) => ({ caseId, rule, stoppedAt, dueAt, stopRecordedAt, kind, unit }))).toEqual([
      { caseId: 'L-1', rule: 'review', stoppedAt: '2026-06-03T02:00:00.000Z', dueAt: '2026-06-04T16:00:00.000Z', stopRecordedAt: '2026-06-08T02:00:00.000Z', kind: 'mediation', unit: 'majie' },
    ]);
    expect(deadlineReport(state, '2026-06-10T00:00:00.000Z', calendar, { kind: 'petition' }).onTimeRecordedLate).toEqual([]);
  });

  it('the statistics count the events recorded late, the cases with any, and the on-time closures on time only by a late recording', () => {
    const report = statisticsReport(project(statisticsProjection, store), calendar);
    expect(report.recordedLate).toEqual({ events: 2, cases: 2 });
    expect(report.closure).toMatchObject({ closed: 3, onTime: 3, onTimeRecordedLate: 1 });
    expect(report.closure.deadlinesByRule['review']).toEqual({ stopped: 3, metOnTime: 3, metOnTimeRecordedLate: 1 });
  });

  it('the projections whose state gained the marks have a new version (their read models rebuild)', () => {
    // (The timeline is at 4 since its lines gained a language-neutral description.)
    expect([caseTimelineProjection.version, deadlinesProjection.version, statisticsProjection.version]).toEqual([4, 3, 4]);
  });
});
