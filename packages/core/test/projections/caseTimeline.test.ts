import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, type CaseEvent, deadlineHistory, fold, initialState, isLifecycleEvent } from '@casefold/core';
import { caseTimelineProjection, formatFen, timelineOf } from '../../src/projections/index.js';
import { entriesIn, getIn } from '../../src/projections/shared/shardedRecord.js';
import { calendar, run, submit } from '../support/fixtures.js';
import { PII_MARKER, personalDataOf } from '@casefold/core/testing';
import { fourCentres } from './fourCentres.js';
import { mixedStores } from './mixedStores.js';
import { project, storeOf } from './project.js';

const RELATION_WORDS = { convertedTo: 'converted to', convertedFrom: 'converted from', sameRequest: 'opened from the same request as' } as const;

/** Coded values of an event that its summary line must name. */
const mustName = (event: AnyCaseEvent): string[] => {
  if (!isLifecycleEvent(event)) return [event.type];
  switch (event.type) {
    case 'Submitted':
      return [event.data.channel, event.data.receivingUnit, event.data.category, ...(event.data.links ?? []).map((l) => `${RELATION_WORDS[l.relation]} ${l.kind} case ${l.caseId}`)];
    case 'Reviewed':
      return event.data.decision === 'rejected' ? [event.data.reason] : [];
    case 'Routed':
      return [event.data.from, event.data.to];
    case 'MediationStarted':
      return [event.data.track, event.data.unit];
    case 'Notarized':
      return [event.data.notaryOffice, event.data.certificateNo];
    case 'DeadlineExtended':
      return [event.data.rule, String(event.data.by)];
    case 'ClockPaused':
      return [event.data.rule, event.data.reason];
    case 'ClockResumed':
      return [event.data.rule];
    case 'SupervisionRaised':
      return [event.data.level];
    case 'CaseLinked': {
      const words = `${RELATION_WORDS[event.data.relation]} ${event.data.kind} case ${event.data.caseId}`;
      return [`${words.charAt(0).toUpperCase()}${words.slice(1)}`];
    }
    case 'Closed':
      return [event.data.outcome, ...(event.data.referredTo === null ? [] : [event.data.referredTo])];
    case 'CallbackRecorded':
      return event.data.satisfaction === null ? [] : [event.data.satisfaction];
    case 'Mediated':
      return event.data.outcome === 'agreement' ? [formatFen(event.data.amountFen)] : [];
  }
};

describe('caseTimeline: for all histories', () => {
  it('lists every event of every case of every kind, with its kind, and after each one exactly the deadlines (with its own kind’s rule labels) the decider’s state had then', () => {
    fc.assert(
      fc.property(mixedStores, (store) => {
        const personal = personalDataOf(store);
        const state = project(caseTimelineProjection, store.envelopes);
        expect(
          entriesIn(state.cases)
            .map(([k]) => k)
            .sort(),
        ).toEqual(
          store.cases
            .filter((c) => c.events.length > 0)
            .map((c) => c.caseId)
            .sort(),
        );
        for (const c of store.cases) {
          const timeline = timelineOf(state, c.caseId, calendar);
          if (c.events.length === 0) {
            expect(timeline).toBeNull();
            continue;
          }
          expect(timeline?.items.length).toBe(c.events.length);
          const timelineText = JSON.stringify(timeline);
          expect(
            personal.filter((value) => timelineText.includes(value)),
            'personal data in the timeline',
          ).toEqual([]);
          expect([timeline?.kind, timeline?.workflowVersion]).toEqual([c.events[0]?.meta.workflow.id, c.events[0]?.meta.workflow.version]);
          c.events.forEach((event, i) => {
            const item = timeline?.items[i];
            expect(item).toMatchObject({
              revision: i,
              type: event.type,
              occurredAt: event.meta.occurredAt,
              actor: event.meta.actor,
              started: event.meta.deadlines.started.map((d) => d.rule),
              stopped: event.meta.deadlines.stopped,
            });
            expect(item?.summary).toMatch(/^[^\n]+$/);
            expect(item?.summary.includes(PII_MARKER)).toBe(false);
            for (const value of mustName(event)) expect(item?.summary).toContain(value);
            expect(item?.deadlines).toEqual(deadlineHistory(fold(initialState, c.events.slice(0, i + 1)), event.meta.occurredAt, calendar));
          });
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('caseTimeline: examples', () => {
  const { events } = run([
    { at: '2026-05-05T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('T-1', { claimedAmountFen: 20_000_000 }) },
    { at: '2026-05-05T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'T-1', decision: { outcome: 'accepted', note: null } } },
    { at: '2026-05-05T03:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'T-1', to: 'majie-north', reason: null } },
    { at: '2026-05-06T01:00:00.000Z', role: 'mediator', unit: 'majie-north', command: { type: 'StartMediation', caseId: 'T-1', track: 'people' } },
    { at: '2026-05-07T01:00:00.000Z', role: 'mediator', unit: 'majie-north', command: { type: 'PauseClock', caseId: 'T-1', rule: 'mediation', reason: 'appraisal' } },
    { at: '2026-05-09T01:00:00.000Z', role: 'mediator', unit: 'majie-north', command: { type: 'ResumeClock', caseId: 'T-1', rule: 'mediation' } },
    {
      at: '2026-05-12T08:00:00.000Z',
      role: 'mediator',
      unit: 'majie-north',
      command: {
        type: 'RecordMediation',
        caseId: 'T-1',
        result: { outcome: 'agreement', form: 'written', terms: 'Landlord repays', amountFen: 15_000_000, paymentTerms: { dueDate: '2026-08-31', instalments: 3 } },
      },
    },
    { at: '2026-05-15T02:00:00.000Z', role: 'notary', unit: 'kunming', command: { type: 'Notarize', caseId: 'T-1', notaryOffice: 'km-notary-1', certificateNo: '(2026)云昆证字第123号' } },
    {
      at: '2026-05-20T02:00:00.000Z',
      role: 'followUpAgent',
      unit: 'majie',
      command: { type: 'RecordCallback', caseId: 'T-1', purpose: 'followUp', reached: true, satisfaction: 'verySatisfied', note: null },
    },
    { at: '2026-05-20T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Close', caseId: 'T-1', referredTo: null, note: null } },
  ]);
  const state = project(caseTimelineProjection, storeOf({ events }));

  it('given the source article’s tenancy case, then its timeline reads as one line per event', () => {
    const timeline = timelineOf(state, 'T-1', calendar);
    expect(timeline?.items.map((i) => `${i.revision} ${i.actor.role}: ${i.summary}`)).toEqual([
      '0 intakeClerk: Submitted through window to majie (subDistrict): tenancy, 2 parties, claimed ¥200,000.00',
      '1 intakeClerk: Accepted',
      '2 dispatcher: Dispatched from majie (subDistrict) to majie-north (community)',
      '3 mediator: Mediation started on the people track at majie-north',
      '4 mediator: Deadline mediation paused (appraisal)',
      '5 mediator: Deadline mediation resumed',
      '6 mediator: Agreement reached (written, ¥150,000.00, 3 instalment(s) due 2026-08-31)',
      '7 notary: Agreement notarized with enforcement effect by km-notary-1, certificate (2026)云昆证字第123号',
      '8 followUpAgent: Follow-up call-back: reached, verySatisfied',
      '9 intakeClerk: Closed: settled',
    ]);
  });

  it('then after each event it shows the deadlines: review stopped on acceptance, mediation paused two days and met', () => {
    const items = timelineOf(state, 'T-1', calendar)?.items ?? [];
    expect(items[0]?.deadlines.map((d) => [d.rule, d.dueAt, d.stoppedAt])).toEqual([['review', '2026-05-08T16:00:00.000Z', null]]);
    expect(items[1]).toMatchObject({ started: ['mediation'], stopped: ['review'] });
    expect(items[1]?.deadlines.map((d) => [d.rule, d.dueAt, d.metOnTime])).toEqual([
      ['review', '2026-05-08T16:00:00.000Z', true],
      ['mediation', '2026-06-04T16:00:00.000Z', null],
    ]);
    expect(items[4]?.deadlines[1]).toMatchObject({ rule: 'mediation', paused: true });
    expect(items[5]?.deadlines[1]).toMatchObject({ rule: 'mediation', paused: false, dueAt: '2026-06-08T16:00:00.000Z' }); // 4 Jun + 2 paused days = 6 Jun, a Saturday → Monday 8 Jun
    expect(items[6]?.deadlines[1]).toMatchObject({ rule: 'mediation', stoppedAt: '2026-05-12T08:00:00.000Z', metOnTime: true });
    expect(items[9]?.deadlines.every((d) => d.stoppedAt !== null)).toBe(true);
  });

  it('keeps each entry compact: the clock change only where there is one', () => {
    const entries = getIn(state.cases, 'T-1')?.entries ?? [];
    expect(entries.filter((e) => 'clocks' in e).map((e) => e.type)).toEqual(['Submitted', 'Reviewed', 'ClockPaused', 'ClockResumed', 'Mediated']);
    expect(entries[1]?.clocks).toEqual({ started: [{ rule: 'mediation', amount: 30, unit: 'calendarDays' }], stopped: ['review'] });
    expect(timelineOf(state, 'nope', calendar)).toBeNull();
  });

  it('formats fen as yuan with integer arithmetic', () => {
    expect([0, 5, 100, 123_456_789, 15_000_000, 9_007_199_254_740_991].map(formatFen)).toEqual(['¥0.00', '¥0.05', '¥1.00', '¥1,234,567.89', '¥150,000.00', '¥90,071,992,547,409.91']);
  });

  it('given the four centres, then each case’s timeline names its kind; a conversion reads as one in both cases; a kind’s own events name their fields and stage', () => {
    const centres = project(caseTimelineProjection, storeOf(...fourCentres));
    const lines = (caseId: string) => timelineOf(centres, caseId, calendar)?.items.map((i) => i.summary);
    expect(timelineOf(centres, 'G-2', calendar)?.kind).toBe('gridEvent');
    expect(lines('G-2')).toEqual(['Submitted through patrol to grid-7 (grid): civilDispute, 1 party', 'Converted to mediation case M-2', 'Closed: notSettled']);
    expect(timelineOf(centres, 'M-2', calendar)?.kind).toBe('mediation');
    expect(lines('M-2')).toEqual(['Submitted through referral to majie (subDistrict): neighbour, 2 parties; converted from gridEvent case G-2']);
    expect(lines('D-1')?.slice(1)).toEqual(['EventFiled (fiveFixes) → filed', 'Dispatched from majie (subDistrict) to xishan-sanitation (department)']);
    const disposal = timelineOf(centres, 'D-1', calendar)?.items[2]?.deadlines;
    expect(disposal?.map((d) => [d.rule, d.label, d.dueAt])).toEqual([['disposal.exposedRubbish', 'Exposed rubbish (暴露垃圾): cleared', '2026-06-01T07:00:00.000Z']]);
    expect(timelineOf(centres, 'A-1', calendar)?.items[0]?.deadlines.map((d) => [d.rule, d.basis.split(':')[0]])).toEqual([['legalAid.decision', '法律援助法 Art 43']]);
  });
});
