import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, type CaseEvent, CASE_EVENT_TYPES, deadlineHistory, fold, initialState, legalAidWorkflow, legalConsultationWorkflow, publicStatus, shippedWorkflows } from '@casefold/core';
import { type KindFigures, type StatisticsReport, type UnitFigures, isReportInputError, statisticsProjection, statisticsReport } from '../../src/projections/index.js';
import { type Role, type Step, calendar, directory, run, submit } from '../support/fixtures.js';
import { type GeneratedStore, type PayloadArbitraries, type PlayResult, buildStore, caseStoreArbitrary, workflowHistoryArbitrary } from '@casefold/core/testing';
import { consultationPayloads, legalAidPayloads } from '../workflows/legalServicesPayloads.js';
import { project, storeOf } from './project.js';

type Of<K extends CaseEvent['type']> = Extract<CaseEvent, { type: K }>;
const of = <K extends CaseEvent['type']>(events: readonly AnyCaseEvent[], type: K): Of<K>[] => events.filter((e): e is Of<K> => e.type === type);
const tally = (keys: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
};
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** A period bound in the fixture calendar's time zone (UTC+8), parsed by the platform rather than the core. */
const boundMs = (bound: string | undefined): number | null => (bound === undefined ? null : /^\d{4}-\d{2}-\d{2}$/.test(bound) ? Date.parse(`${bound}T00:00:00+08:00`) : Date.parse(bound));

const LIFECYCLE: ReadonlySet<string> = new Set(CASE_EVENT_TYPES);
const workflowOf = (events: readonly AnyCaseEvent[]): string => events[0]?.meta.workflow.id ?? '';
const channelOf = (events: readonly AnyCaseEvent[]): string => of(events, 'Submitted')[0]?.data.channel ?? '';
/** Online by the case's own kind's channels (any version of the workflow id). */
const isOnline = (events: readonly AnyCaseEvent[]): boolean => shippedWorkflows.some((w) => w.id === workflowOf(events) && w.onlineChannels.includes(channelOf(events)));
const claimOf = (events: readonly AnyCaseEvent[]): number => of(events, 'Submitted')[0]?.data.claimedAmountFen ?? 0;
const isLabour = (events: readonly AnyCaseEvent[]): boolean => of(events, 'Submitted')[0]?.data.category === 'labour';
const agreedOf = (events: readonly AnyCaseEvent[]): number => sum(of(events, 'Mediated').flatMap((m) => (m.data.outcome === 'agreement' ? [m.data.amountFen] : [])));
const has = (events: readonly AnyCaseEvent[], type: string): boolean => events.some((e) => e.type === type);
/** Where a case was handled: where its latest mediation started, else where it was last routed, else where it was received. */
const unitOf = (events: readonly AnyCaseEvent[]): string =>
  of(events, 'MediationStarted').at(-1)?.data.unit ?? of(events, 'Routed').at(-1)?.data.to ?? of(events, 'Submitted')[0]?.data.receivingUnit ?? '';

/** Each kind's figures, from the raw events and the decider's folded state. */
const expectedKinds = (cases: readonly (readonly AnyCaseEvent[])[]): Record<string, KindFigures> => {
  const kinds = [...new Set(cases.map(workflowOf))];
  return Object.fromEntries(
    kinds.map((kind) => {
      const mine = cases.filter((events) => workflowOf(events) === kind);
      const online = mine.filter(isOnline).length;
      const statuses = mine.map((events) => publicStatus(fold(initialState, events)) ?? 'none');
      const closed = of(mine.flat(), 'Closed');
      return [
        kind,
        {
          received: mine.length,
          byChannel: tally(mine.map(channelOf)),
          online,
          onlineShare: ratio(online, mine.length),
          byStatus: tally(statuses),
          handled: statuses.filter((s) => s === 'handled').length,
          closed: closed.length,
          closedByOutcome: tally(closed.map((c) => c.data.outcome)),
          ownEvents: tally(mine.flatMap((events) => [...new Set(events.map((e) => e.type).filter((t) => !LIFECYCLE.has(t)))])),
        },
      ];
    }),
  );
};

/** Each unit's figures, from the raw events. */
const expectedUnits = (cases: readonly (readonly AnyCaseEvent[])[]): Record<string, UnitFigures> => {
  const units = [...new Set(cases.map(unitOf))];
  return Object.fromEntries(
    units.map((unit) => {
      const mine = cases.filter((events) => unitOf(events) === unit);
      const mediated = mine.filter((events) => has(events, 'Mediated'));
      const consultations = mine.filter((events) => workflowOf(events) === 'legalConsultation');
      return [
        unit,
        {
          byKind: tally(mine.map(workflowOf)),
          mediated: mediated.length,
          mediatedOnline: mediated.filter(isOnline).length,
          amountInvolvedFen: sum(mediated.map(claimOf)),
          labourMediated: mediated.filter(isLabour).length,
          labourAgreedFen: sum(mediated.filter(isLabour).map(agreedOf)),
          consultations: consultations.length,
          onlineConsultations: consultations.filter(isOnline).length,
          legalAidCases: mine.filter((events) => workflowOf(events) === 'legalAid' && has(events, 'LegalAidGranted')).length,
        },
      ];
    }),
  );
};

/** Every published figure, computed straight from the raw events of each stream. */
const expectedReport = (store: GeneratedStore, from?: string, to?: string): StatisticsReport => {
  const [fromMs, toMs] = [boundMs(from), boundMs(to)];
  const streams = [...new Set(store.envelopes.map((e) => e.streamId))].map((id) => store.envelopes.filter((e) => e.streamId === id).map((e) => e.event));
  const cases = streams.filter((events) => {
    const t = Date.parse(of(events, 'Submitted')[0]?.meta.occurredAt ?? '');
    return (fromMs === null || t >= fromMs) && (toMs === null || t < toMs);
  });
  const all = cases.flat();
  const submitted = of(all, 'Submitted');
  const reviewed = of(all, 'Reviewed');
  const rejected = reviewed.flatMap((r) => (r.data.decision === 'rejected' ? [r.data.reason] : []));
  const mediated = of(all, 'Mediated');
  const trackOfEnded = cases.flatMap((events) => {
    const end = events.findIndex((e) => e.type === 'Mediated');
    return end < 0 ? [] : [of(events.slice(0, end), 'MediationStarted').at(-1)?.data.track ?? 'unknown'];
  });
  const agreed = mediated.flatMap((m) => (m.data.outcome === 'agreement' ? [m.data.amountFen] : []));
  const claimed = submitted.flatMap((s) => (s.data.claimedAmountFen === null ? [] : [s.data.claimedAmountFen]));
  const closed = of(all, 'Closed');
  const histories = cases.map((events) => deadlineHistory(fold(initialState, events), events.at(-1)?.meta.occurredAt ?? '', calendar));
  const stoppedClocks = histories.flat().filter((d) => d.stoppedAt !== null);
  const closedHistories = cases.flatMap((events, i) => (events.some((e) => e.type === 'Closed') ? [histories[i] ?? []] : []));
  const onTime = closedHistories.filter((h) => h.every((d) => d.metOnTime === true)).length;
  const callbacks = of(all, 'CallbackRecorded');
  const answers = callbacks.flatMap((c) => (c.data.satisfaction === null ? [] : [c.data.satisfaction]));
  const escalations = of(all, 'Routed').filter((r) => r.data.mode === 'escalate');
  const accepted = reviewed.filter((r) => r.data.decision === 'accepted').length;
  const online = cases.filter(isOnline).length;
  const labour = submitted.filter((s) => s.data.category === 'labour').length;
  const agreements = mediated.filter((m) => m.data.outcome === 'agreement').length;
  const decisionOf = (events: readonly AnyCaseEvent[]) => of(events, 'Reviewed')[0]?.data.decision ?? null;
  const claimsOf = (decision: 'accepted' | 'rejected') =>
    cases.flatMap((events) => (decisionOf(events) === decision ? of(events, 'Submitted').flatMap((s) => (s.data.claimedAmountFen === null ? [] : [s.data.claimedAmountFen])) : []));
  const [acceptedClaims, rejectedClaims] = [claimsOf('accepted'), claimsOf('rejected')];
  const unitOfEnded = cases.flatMap((events) => {
    const end = events.findIndex((e) => e.type === 'Mediated');
    return end < 0 ? [] : [of(events.slice(0, end), 'MediationStarted').at(-1)?.data.unit ?? 'unknown'];
  });
  const labourCases = cases.filter((events) => of(events, 'Submitted')[0]?.data.category === 'labour');
  const labourMediated = of(labourCases.flat(), 'Mediated');
  const labourAgreements = labourMediated.filter((m) => m.data.outcome === 'agreement').length;
  const kinds = expectedKinds(cases);
  const kindCases = (kind: string) => cases.filter((events) => workflowOf(events) === kind);
  const withOwn = (kind: string, type: string) => kindCases(kind).filter((events) => has(events, type)).length;
  const mediatedCases = cases.filter((events) => has(events, 'Mediated'));
  return {
    period: { from: fromMs === null ? null : new Date(fromMs).toISOString(), to: toMs === null ? null : new Date(toMs).toISOString() },
    unit: null,
    workflow: null,
    byKind: kinds,
    byUnit: expectedUnits(cases),
    legalServices: {
      consultations: {
        total: kindCases('legalConsultation').length,
        online: kindCases('legalConsultation').filter(isOnline).length,
        onSite: kindCases('legalConsultation').filter((events) => !isOnline(events)).length,
        answered: withOwn('legalConsultation', 'ConsultationAnswered'),
        referred: withOwn('legalConsultation', 'ConsultationReferred'),
      },
      legalAid: {
        applications: kindCases('legalAid').length,
        online: kindCases('legalAid').filter(isOnline).length,
        granted: withOwn('legalAid', 'LegalAidGranted'),
        refused: withOwn('legalAid', 'LegalAidRefused'),
        assigned: withOwn('legalAid', 'LegalAidAssigned'),
      },
    },
    intake: {
      total: submitted.length,
      byChannel: tally(submitted.map((s) => s.data.channel)),
      online,
      onlineShare: ratio(online, submitted.length),
      byCategory: tally(submitted.map((s) => s.data.category)),
      labour,
      labourShare: ratio(labour, submitted.length),
    },
    review: { accepted, rejected: rejected.length, rejectedByReason: tally(rejected), notReviewed: submitted.length - reviewed.length },
    mediation: {
      started: of(all, 'MediationStarted').length,
      ended: mediated.length,
      online: mediatedCases.filter(isOnline).length,
      amountInvolvedFen: sum(mediatedCases.map(claimOf)),
      byOutcome: tally(mediated.map((m) => m.data.outcome)),
      byTrack: tally(trackOfEnded),
      successRate: ratio(agreements, mediated.length),
      byUnit: tally(unitOfEnded),
      labour: {
        started: of(labourCases.flat(), 'MediationStarted').length,
        ended: labourMediated.length,
        agreements: labourAgreements,
        successRate: ratio(labourAgreements, labourMediated.length),
        agreedFen: sum(labourCases.map(agreedOf)),
      },
    },
    amounts: {
      agreedFen: sum(agreed),
      agreements: agreed.length,
      claimedFen: sum(claimed),
      claims: claimed.length,
      acceptedClaimedFen: sum(acceptedClaims),
      acceptedClaims: acceptedClaims.length,
      rejectedClaimedFen: sum(rejectedClaims),
      rejectedClaims: rejectedClaims.length,
    },
    notarized: of(all, 'Notarized').length,
    closure: {
      closed: closed.length,
      byOutcome: tally(closed.map((c) => c.data.outcome)),
      settlementRate: ratio(cases.filter((events) => decisionOf(events) === 'accepted' && of(events, 'Closed')[0]?.data.outcome === 'settled').length, accepted),
      onTime,
      onTimeClosureRate: ratio(onTime, closed.length),
      // The store records every event when it happens (`storeOf`): nothing on time only by a late recording.
      onTimeRecordedLate: 0,
      deadlinesByRule: Object.fromEntries(
        Object.entries(tally(stoppedClocks.map((d) => d.rule))).map(([rule, n]) => [
          rule,
          { stopped: n, metOnTime: stoppedClocks.filter((d) => d.rule === rule && d.metOnTime === true).length, metOnTimeRecordedLate: 0 },
        ]),
      ),
    },
    recordedLate: { events: 0, cases: 0 },
    callbacks: {
      made: callbacks.length,
      reached: callbacks.filter((c) => c.data.reached).length,
      answered: answers.length,
      bySatisfaction: tally(answers),
      satisfactionRate: ratio(answers.filter((a) => a === 'verySatisfied' || a === 'satisfied').length, answers.length),
      satisfactionRateWithBasic: ratio(answers.filter((a) => a === 'verySatisfied' || a === 'satisfied' || a === 'basicallySatisfied').length, answers.length),
    },
    escalation: { escalations: escalations.length, casesEscalated: cases.filter((events) => events.some((e) => e.type === 'Routed' && e.data.mode === 'escalate')).length },
  };
};

const day = fc.integer({ min: 0, max: 200 }).map((n) => new Date(Date.UTC(2026, 2, 1) + n * 86_400_000).toISOString().slice(0, 10));
const instant = fc.integer({ min: 0, max: 200 * 24 * 60 }).map((m) => new Date(Date.UTC(2026, 2, 1) + m * 60_000).toISOString());
const bound = fc.option(fc.oneof(day, instant), { nil: undefined });

/** Legal consultations and legal-aid applications played through the real decider, each with its own case id. */
const legalCases: fc.Arbitrary<readonly PlayResult[]> = fc.uniqueArray(
  fc.oneof(
    workflowHistoryArbitrary({ workflow: legalConsultationWorkflow, directory, payloads: consultationPayloads as PayloadArbitraries, maxLength: 6, wildness: 0 }),
    workflowHistoryArbitrary({ workflow: legalAidWorkflow, directory, payloads: legalAidPayloads as PayloadArbitraries, maxLength: 8, wildness: 0 }),
  ),
  { maxLength: 3, selector: (h) => h.caseId },
);

/** Mediation requests (a generated store) with legal consultations and legal-aid applications merged in. */
const mixedStores: fc.Arbitrary<GeneratedStore> = fc
  .tuple(caseStoreArbitrary({ maxCases: 4, maxSteps: 14 }), legalCases, fc.array(fc.nat({ max: 1000 }), { maxLength: 80 }))
  .map(([store, legal, merge]) => buildStore([...store.cases, ...legal.map((h) => ({ caseId: h.caseId, streamId: `stream/${h.caseId}`, events: h.events, state: h.state }))], merge));

describe('statistics: for all histories', () => {
  it('every published figure, for any submission period, equals the computation over the raw events (mediation requests, consultations and legal-aid applications together)', () => {
    fc.assert(
      fc.property(mixedStores, bound, bound, (store, from, to) => {
        const state = project(statisticsProjection, store.envelopes);
        const options = { ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }) };
        const [fromMs, toMs] = [boundMs(from), boundMs(to)];
        if (fromMs !== null && toMs !== null && fromMs >= toMs) {
          // An empty or reversed period is refused, naming both bounds.
          expect(() => statisticsReport(state, calendar, options)).toThrow(expect.objectContaining({ name: 'ReportInputError', field: 'statisticsReport: period' }));
          return;
        }
        const report = statisticsReport(state, calendar, options);
        expect(report).toEqual(expectedReport(store, from, to));
        expect(Number.isSafeInteger(report.amounts.agreedFen) && Number.isSafeInteger(report.amounts.claimedFen)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

const step = (at: string, role: Role, unit: string, command: Record<string, unknown>): Step => ({ at, role, unit, command });
const accept = (caseId: string, at: string) => step(at, 'intakeClerk', 'majie', { type: 'Review', caseId, decision: { outcome: 'accepted', note: null } });
const callback = (caseId: string, at: string, satisfaction: string | null) =>
  step(at, 'followUpAgent', 'majie', { type: 'RecordCallback', caseId, purpose: 'followUp', reached: true, satisfaction, note: null });
const close = (caseId: string, at: string, referredTo: string | null = null) => step(at, 'intakeClerk', 'majie', { type: 'Close', caseId, referredTo, note: null });

describe('statistics: examples', () => {
  // the source article's tenancy dispute: 200k CNY claimed, 150k agreed, notarized with enforcement effect
  const tenancy = run([
    step('2026-05-05T01:00:00.000Z', 'intakeClerk', 'majie', submit('T-1', { claimedAmountFen: 20_000_000 })),
    accept('T-1', '2026-05-05T02:00:00.000Z'),
    step('2026-05-06T01:00:00.000Z', 'mediator', 'majie', { type: 'StartMediation', caseId: 'T-1', track: 'people' }),
    step('2026-05-12T08:00:00.000Z', 'mediator', 'majie', {
      type: 'RecordMediation',
      caseId: 'T-1',
      result: { outcome: 'agreement', form: 'written', terms: 'Repay in three instalments', amountFen: 15_000_000, paymentTerms: { dueDate: '2026-08-31', instalments: 3 } },
    }),
    step('2026-05-15T02:00:00.000Z', 'notary', 'kunming', { type: 'Notarize', caseId: 'T-1', notaryOffice: 'km-notary-1', certificateNo: '(2026)云昆证字第123号' }),
    callback('T-1', '2026-05-20T02:00:00.000Z', 'verySatisfied'),
    close('T-1', '2026-05-20T03:00:00.000Z'),
  ]);
  // a labour dispute phoned in to 12348, mediated on the judicial track, no agreement after 20 days: the 15-day limit is breached
  const labour = run([
    step('2026-05-31T17:00:00.000Z', 'requester', 'majie', submit('L-1', { channel: 'legalHotline12348', category: 'labour', claimedAmountFen: 3_600_000 })),
    accept('L-1', '2026-06-01T01:00:00.000Z'),
    step('2026-06-02T01:00:00.000Z', 'mediator', 'majie', { type: 'StartMediation', caseId: 'L-1', track: 'judicial' }),
    step('2026-06-21T01:00:00.000Z', 'mediator', 'majie', { type: 'RecordMediation', caseId: 'L-1', result: { outcome: 'noAgreement', reason: 'Employer refuses' } }),
    callback('L-1', '2026-06-22T01:00:00.000Z', 'basicallySatisfied'),
    close('L-1', '2026-06-22T02:00:00.000Z', 'arbitration'),
  ]);
  // an out-of-area online request, rejected and called back
  const rejected = run([
    step('2026-06-03T12:00:00.000Z', 'requester', 'majie', submit('O-1', { channel: 'wechatMiniProgram', claimedAmountFen: 500_000 })),
    step('2026-06-04T01:00:00.000Z', 'intakeClerk', 'majie', { type: 'Review', caseId: 'O-1', decision: { outcome: 'rejected', reason: 'outOfArea', note: 'Arose in Guandu' } }),
    step('2026-06-04T02:00:00.000Z', 'intakeClerk', 'majie', { type: 'RecordCallback', caseId: 'O-1', purpose: 'rejectionExplained', reached: true, satisfaction: 'dissatisfied', note: null }),
    close('O-1', '2026-06-04T03:00:00.000Z'),
  ]);
  const state = project(statisticsProjection, storeOf(tenancy, labour, rejected));

  it('given three cases, then the centre’s figures follow', () => {
    const report = statisticsReport(state, calendar);
    expect(report.intake).toEqual({
      total: 3,
      byChannel: { window: 1, legalHotline12348: 1, wechatMiniProgram: 1 },
      online: 2,
      onlineShare: 2 / 3,
      byCategory: { tenancy: 2, labour: 1 },
      labour: 1,
      labourShare: 1 / 3,
    });
    expect(report.review).toEqual({ accepted: 2, rejected: 1, rejectedByReason: { outOfArea: 1 }, notReviewed: 0 });
    expect(report.mediation).toEqual({
      started: 2,
      ended: 2,
      // the labour case came in through 12348; both mediated cases' claims are the amount involved
      online: 1,
      amountInvolvedFen: 23_600_000,
      byOutcome: { agreement: 1, noAgreement: 1 },
      byTrack: { people: 1, judicial: 1 },
      successRate: 0.5,
      byUnit: { majie: 2 },
      labour: { started: 1, ended: 1, agreements: 0, successRate: 0, agreedFen: 0 },
    });
    expect(report.byKind).toEqual({
      mediation: {
        received: 3,
        byChannel: { window: 1, legalHotline12348: 1, wechatMiniProgram: 1 },
        online: 2,
        onlineShare: 2 / 3,
        byStatus: { handled: 2, rejected: 1 },
        handled: 2,
        closed: 3,
        closedByOutcome: { settled: 1, notSettled: 1, rejected: 1 },
        ownEvents: {},
      },
    });
    // the rejected request's claim is kept apart from the amount involved in the centre's work
    expect(report.amounts).toEqual({
      agreedFen: 15_000_000,
      agreements: 1,
      claimedFen: 24_100_000,
      claims: 3,
      acceptedClaimedFen: 23_600_000,
      acceptedClaims: 2,
      rejectedClaimedFen: 500_000,
      rejectedClaims: 1,
    });
    expect(report.notarized).toBe(1);
    expect(report.closure).toEqual({
      closed: 3,
      byOutcome: { settled: 1, notSettled: 1, rejected: 1 },
      settlementRate: 0.5,
      onTime: 2,
      onTimeClosureRate: 2 / 3,
      onTimeRecordedLate: 0,
      deadlinesByRule: {
        review: { stopped: 3, metOnTime: 3, metOnTimeRecordedLate: 0 },
        mediation: { stopped: 1, metOnTime: 1, metOnTimeRecordedLate: 0 },
        'mediation.labour': { stopped: 1, metOnTime: 0, metOnTimeRecordedLate: 0 },
        rejectionCallback: { stopped: 1, metOnTime: 1, metOnTimeRecordedLate: 0 },
      },
    });
    expect(report.callbacks).toEqual({
      made: 3,
      reached: 3,
      answered: 3,
      bySatisfaction: { verySatisfied: 1, basicallySatisfied: 1, dissatisfied: 1 },
      satisfactionRate: 1 / 3,
      satisfactionRateWithBasic: 2 / 3,
    });
    expect(report.escalation).toEqual({ escalations: 0, casesEscalated: 0 });
  });

  it('when the period is June in Beijing time, then the labour case submitted at 01:00 on 1 June counts and the May case does not', () => {
    const june = statisticsReport(state, calendar, { from: '2026-06-01', to: '2026-07-01' });
    expect(june.period).toEqual({ from: '2026-05-31T16:00:00.000Z', to: '2026-06-30T16:00:00.000Z' });
    expect(june.intake.total).toBe(2);
    expect(june.intake.byCategory).toEqual({ labour: 1, tenancy: 1 });
    expect(june.amounts).toEqual({ agreedFen: 0, agreements: 0, claimedFen: 4_100_000, claims: 2, acceptedClaimedFen: 3_600_000, acceptedClaims: 1, rejectedClaimedFen: 500_000, rejectedClaims: 1 });
    const byInstant = statisticsReport(state, calendar, { to: '2026-05-31T17:00:00.000Z' });
    expect(byInstant.intake.total).toBe(1);
    const empty = statisticsReport(state, calendar, { from: '2027-01-01' });
    expect(empty.intake.onlineShare).toBeNull();
    expect(empty.mediation.successRate).toBeNull();
    expect(empty.closure.onTimeClosureRate).toBeNull();
  });

  it('given a unit, then only the cases handled at it or below count (a sub-district’s figures beside the district’s and a department’s)', () => {
    const labourBureau = run([
      step('2026-06-05T01:00:00.000Z', 'intakeClerk', 'majie', submit('B-1', { category: 'labour', claimedAmountFen: 1_000_000 })),
      accept('B-1', '2026-06-05T02:00:00.000Z'),
      step('2026-06-05T03:00:00.000Z', 'dispatcher', 'majie', { type: 'Dispatch', caseId: 'B-1', to: 'xishan-labour', reason: null }),
      step('2026-06-06T01:00:00.000Z', 'mediator', 'xishan-labour', { type: 'StartMediation', caseId: 'B-1', track: 'administrative' }),
      step('2026-06-08T01:00:00.000Z', 'mediator', 'xishan-labour', {
        type: 'RecordMediation',
        caseId: 'B-1',
        result: { outcome: 'agreement', form: 'written', terms: 'Wages paid', amountFen: 900_000, paymentTerms: null },
      }),
    ]);
    const withBureau = project(statisticsProjection, storeOf(tenancy, labour, rejected, labourBureau));
    const bureau = statisticsReport(withBureau, calendar, { unit: 'xishan-labour', directory });
    expect(bureau.unit).toBe('xishan-labour');
    expect(bureau.intake.total).toBe(1);
    expect(bureau.mediation).toMatchObject({ ended: 1, byUnit: { 'xishan-labour': 1 }, labour: { started: 1, ended: 1, agreements: 1, successRate: 1 } });
    expect(statisticsReport(withBureau, calendar, { unit: 'majie', directory }).intake.total).toBe(3);
    expect(statisticsReport(withBureau, calendar, { unit: 'majie-north', directory }).intake.total).toBe(0);
    const district = statisticsReport(withBureau, calendar, { unit: 'xishan', directory });
    expect(district.intake.total).toBe(4);
    expect(district.mediation.byUnit).toEqual({ majie: 2, 'xishan-labour': 1 });
    const refused = (options: Parameters<typeof statisticsReport>[2]): unknown => {
      try {
        return statisticsReport(withBureau, calendar, options);
      } catch (e) {
        return e;
      }
    };
    expect(isReportInputError(refused({ unit: 'majie' })) && (refused({ unit: 'majie' }) as Error).message).toContain('need the jurisdiction directory');
    expect(isReportInputError(refused({ unit: 'atlantis', directory })) && (refused({ unit: 'atlantis', directory }) as Error).message).toContain('is not a unit of the directory');
  });

  it('refuses a reversed or empty period, naming both bounds as given and as instants, and what to do', () => {
    const refusal = (from: string, to: string): unknown => {
      try {
        statisticsReport(state, calendar, { from, to });
      } catch (e) {
        return e;
      }
      return null;
    };
    const reversed = refusal('2026-10-01', '2026-07-01');
    expect(isReportInputError(reversed) && reversed.field).toBe('statisticsReport: period');
    expect(reversed instanceof Error && reversed.message).toBe(
      'statisticsReport: period: from 2026-10-01 (2026-09-30T16:00:00.000Z) is not before to 2026-07-01 (2026-06-30T16:00:00.000Z), so the period [from, to) holds no instant; give a from earlier than the to (or leave either out)',
    );
    // The same instant twice, once as a Beijing date and once as a UTC instant: an empty period.
    const empty = refusal('2026-06-01', '2026-05-31T16:00:00Z');
    expect(isReportInputError(empty) && empty.message).toContain('from 2026-06-01 (2026-05-31T16:00:00.000Z) is not before to 2026-05-31T16:00:00Z (2026-05-31T16:00:00.000Z)');
    // One millisecond is a period.
    expect(statisticsReport(state, calendar, { from: '2026-05-31T16:00:00.000Z', to: '2026-05-31T16:00:00.001Z' }).intake.total).toBe(0);
  });

  it('refuses a bound that is neither a date nor an instant, naming it', () => {
    let error: unknown;
    try {
      statisticsReport(state, calendar, { from: '2026-13-01' });
    } catch (e) {
      error = e;
    }
    expect(isReportInputError(error) && error.field).toBe('statisticsReport: from');
    expect(error instanceof Error && error.message).toContain('2026-13-01');
  });
});
