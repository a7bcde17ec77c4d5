import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type Duration, deadlines, dueAt, instantFromMillis, instantMillis, mediationWorkflow, petitionWorkflow } from '@casefold/core';
import { type DeadlineItem, deadlineReport, deadlinesProjection, isReportInputError } from '../../src/projections/index.js';
import { entriesIn, getIn } from '../../src/projections/shared/shardedRecord.js';
import { calendar, run, submit } from '../support/fixtures.js';
import type { GeneratedCase } from '@casefold/core/testing';
import { opinionIssued, play as playPetition } from '../workflows/petitionFixtures.js';
import { fourCentres } from './fourCentres.js';
import { mixedStores } from './mixedStores.js';
import { project, storeOf } from './project.js';

const kindOf = (c: GeneratedCase): string => c.events[0]?.meta.workflow.id ?? '';
const versionOf = (c: GeneratedCase): number => c.events[0]?.meta.workflow.version ?? 0;

const WINDOWS: readonly Duration[] = [
  { amount: 2, unit: 'workingDays' },
  { amount: 0, unit: 'workingDays' },
  { amount: 5, unit: 'calendarDays' },
  { amount: 16, unit: 'workingHours' },
];

const counted = (items: readonly DeadlineItem[], soon: ReadonlySet<DeadlineItem>) => ({
  running: items.length,
  paused: items.filter((i) => i.paused).length,
  dueSoon: items.filter((i) => soon.has(i)).length,
  breached: items.filter((i) => i.breached).length,
  extended: items.filter((i) => i.extendedBy > 0).length,
});

const groupBy = <T>(items: readonly T[], key: (t: T) => string): Record<string, T[]> =>
  items.reduce<Record<string, T[]>>((acc, item) => ({ ...acc, [key(item)]: [...(acc[key(item)] ?? []), item] }), {});

/** The due time of a deadline on the fixture calendar, which lists no `coveredYears`: always known. */
const dueMs = (item: DeadlineItem): number => {
  if (item.dueAt === null) throw new Error(`the fixture calendar covers every year, yet: ${item.holidayDataMissing.message}`);
  return instantMillis(item.dueAt);
};

const order = (a: DeadlineItem, b: DeadlineItem) => dueMs(a) - dueMs(b) || (a.caseId === b.caseId ? (a.rule < b.rule ? -1 : 1) : a.caseId < b.caseId ? -1 : 1);

describe('deadlines: for all histories', () => {
  it('open cases of every kind keep exactly the decider’s running clocks, and every report figure (of all kinds or one, by kind too) equals the core deadlines of the decider’s states, with each kind’s own rule labels and bases', () => {
    fc.assert(
      fc.property(
        mixedStores,
        fc.nat({ max: 40 * 24 * 60 }),
        fc.constantFrom(...WINDOWS),
        fc.option(fc.constantFrom('mediation', 'petition', 'gridEvent', 'legalAid', 'legalConsultation'), { nil: undefined }),
        (store, laterMinutes, window, kind) => {
          const state = project(deadlinesProjection, store.envelopes);
          const allOpen = store.cases.filter((c) => c.events.length > 0 && c.state.stage !== 'closed');
          expect(
            entriesIn(state.cases)
              .map(([k]) => k)
              .sort(),
          ).toEqual(allOpen.map((c) => c.caseId).sort());
          for (const c of allOpen) {
            const running = Object.entries(c.state.clocks).filter(([, clock]) => clock.stoppedAt === null);
            expect(getIn(state.cases, c.caseId)).toEqual({
              caseId: c.caseId,
              kind: kindOf(c),
              workflowVersion: versionOf(c),
              unit: c.state.handlingUnit,
              level: c.state.handlingLevel,
              category: c.state.category,
              supervision: c.state.supervision,
              clocks: Object.fromEntries(
                running.map(([rule, k]) => [
                  rule,
                  { amount: k.rule.amount, unit: k.rule.unit, startedAt: k.startedAt, pauses: k.pauses, pausedSince: k.pausedSince, extendedBy: k.extendedBy, stoppedAt: null },
                ]),
              ),
            });
          }
          const now = instantFromMillis(instantMillis(store.lastAt) + laterMinutes * 60_000);
          const open = allOpen.filter((c) => kind === undefined || kindOf(c) === kind);
          const report = deadlineReport(state, now, calendar, { dueSoonWithin: window, ...(kind === undefined ? {} : { kind }) });
          const dueSoonUntil = dueAt(calendar, now, window);
          if (E.isLeft(dueSoonUntil)) throw new Error(dueSoonUntil.left.message);
          const until = instantMillis(dueSoonUntil.right);
          const items: DeadlineItem[] = open.flatMap((c) =>
            deadlines(c.state, now, calendar).map((d) => ({
              ...d,
              caseId: c.caseId,
              kind: kindOf(c),
              unit: c.state.handlingUnit ?? '',
              level: c.state.handlingLevel ?? 'department',
              supervision: c.state.supervision,
            })),
          );
          const soon = new Set(items.filter((i) => !i.breached && !i.paused && dueMs(i) <= until));
          expect(report.asOf).toBe(now);
          expect(report.dueSoonUntil).toBe(dueSoonUntil.right);
          expect(report.withoutHolidayData).toEqual([]);
          expect(report.dueSoon).toEqual([...soon].sort(order));
          expect(report.breached).toEqual(items.filter((i) => i.breached).sort(order));
          expect(report.extended).toEqual(items.filter((i) => i.extendedBy > 0).sort(order));
          expect(report.totals).toEqual(counted(items, soon));
          const byRule = groupBy(items, (i) => i.rule);
          expect(report.byRule).toEqual(Object.fromEntries(Object.entries(byRule).map(([k, v]) => [k, counted(v, soon)])));
          const byUnit = groupBy(items, (i) => i.unit);
          expect(report.byUnit).toEqual(Object.fromEntries(Object.entries(byUnit).map(([k, v]) => [k, counted(v, soon)])));
          expect(report.openCases).toBe(open.length);
          const supervisionOf = (cases: readonly GeneratedCase[]) => ({
            normal: cases.filter((c) => c.state.supervision === 'normal').length,
            yellow: cases.filter((c) => c.state.supervision === 'yellow').length,
            red: cases.filter((c) => c.state.supervision === 'red').length,
          });
          expect(report.supervision).toEqual(supervisionOf(open));
          expect(report.byKind).toEqual(
            Object.fromEntries(
              Object.entries(groupBy(open, kindOf)).map(([k, cases]) => {
                const mine = items.filter((i) => i.kind === k);
                return [
                  k,
                  {
                    openCases: cases.length,
                    totals: counted(mine, soon),
                    byRule: Object.fromEntries(Object.entries(groupBy(mine, (i) => i.rule)).map(([r, v]) => [r, counted(v, soon)])),
                    supervision: supervisionOf(cases),
                  },
                ];
              }),
            ),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('deadlines: examples', () => {
  // submitted on Monday 28 Sep 2026 (Beijing); the 3-day review deadline ends in the National Day week → Thu 8 Oct 24:00
  const unreviewed = run([{ at: '2026-09-28T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('R-1') }]);

  it('given an unreviewed request, then its review deadline is not due soon on 28 Sep, is on 29 Sep (the holiday week does not count), and is breached on 9 Oct', () => {
    const state = project(deadlinesProjection, storeOf(unreviewed));
    const early = deadlineReport(state, '2026-09-28T03:00:00.000Z', calendar);
    expect(early.totals).toEqual({ running: 1, paused: 0, dueSoon: 0, breached: 0, extended: 0 });
    expect(early.dueSoonUntil).toBe('2026-09-30T16:00:00.000Z'); // 28 Sep not counted: 29 and 30 Sep
    const next = deadlineReport(state, '2026-09-29T01:00:00.000Z', calendar);
    expect(next.dueSoonUntil).toBe('2026-10-08T16:00:00.000Z'); // 30 Sep, then 1–7 Oct are holidays, then 8 Oct
    expect(next.dueSoon.map((d) => [d.caseId, d.rule, d.dueAt])).toEqual([['R-1', 'review', '2026-10-08T16:00:00.000Z']]);
    expect(next.byRule).toEqual({ review: { running: 1, paused: 0, dueSoon: 1, breached: 0, extended: 0 } });
    const narrow = deadlineReport(state, '2026-09-29T01:00:00.000Z', calendar, { dueSoonWithin: { amount: 8, unit: 'workingHours' } });
    expect(narrow.dueSoon).toEqual([]);
    const late = deadlineReport(state, '2026-10-09T01:00:00.000Z', calendar);
    expect(late.breached.map((d) => d.rule)).toEqual(['review']);
    expect(late.breached[0]?.remainingMs).toBe(-9 * 3_600_000);
    expect(late.byUnit).toEqual({ majie: { running: 1, paused: 0, dueSoon: 0, breached: 1, extended: 0 } });
  });

  const inMediation = run([
    { at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('M-1') },
    { at: '2026-06-01T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'M-1', decision: { outcome: 'accepted', note: null } } },
    { at: '2026-06-02T03:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'StartMediation', caseId: 'M-1', track: 'people' } },
  ]);

  it('when the mediation deadline is extended by 10 days and supervision is raised to red, then both show, each counted apart', () => {
    const { events } = run(
      [
        { at: '2026-06-05T03:00:00.000Z', role: 'leaderInCharge', unit: 'majie', command: { type: 'ExtendDeadline', caseId: 'M-1', rule: 'mediation', by: 10, reason: 'Parties agreed to continue' } },
        { at: '2026-06-06T03:00:00.000Z', role: 'leaderInCharge', unit: 'majie', command: { type: 'RaiseSupervision', caseId: 'M-1', level: 'red', reason: 'Complaint' } },
      ],
      inMediation,
    );
    const state = project(deadlinesProjection, storeOf({ events }, unreviewed));
    const report = deadlineReport(state, '2026-06-07T00:00:00.000Z', calendar);
    expect(report.extended).toEqual([
      expect.objectContaining({ caseId: 'M-1', rule: 'mediation', extendedBy: 10, dueAt: '2026-07-13T16:00:00.000Z', supervision: 'red', basis: expect.stringContaining('人民调解工作若干规定') }),
    ]);
    expect(report.supervision).toEqual({ normal: 1, yellow: 0, red: 1 });
    expect(report.openCases).toBe(2);
    expect(report.breached).toEqual([]);
  });

  it('when a clock is paused, then it is never due soon, and it shows as paused', () => {
    const { events } = run([{ at: '2026-06-30T03:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'PauseClock', caseId: 'M-1', rule: 'mediation', reason: 'appraisal' } }], inMediation);
    const report = deadlineReport(project(deadlinesProjection, storeOf({ events })), '2026-07-01T01:00:00.000Z', calendar);
    expect(report.totals).toEqual({ running: 1, paused: 1, dueSoon: 0, breached: 0, extended: 0 });
  });

  it('when a case closes, then it leaves the report; when mediation ends, its clock stops', () => {
    const ended = run(
      [{ at: '2026-06-10T03:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'RecordMediation', caseId: 'M-1', result: { outcome: 'noAgreement', reason: 'No offer' } } }],
      inMediation,
    );
    const state = project(deadlinesProjection, storeOf(ended));
    expect(getIn(state.cases, 'M-1')?.clocks).toEqual({});
    const closed = run(
      [
        {
          at: '2026-06-11T03:00:00.000Z',
          role: 'followUpAgent',
          unit: 'majie',
          command: { type: 'RecordCallback', caseId: 'M-1', purpose: 'followUp', reached: true, satisfaction: null, note: null },
        },
        { at: '2026-06-11T04:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Close', caseId: 'M-1', referredTo: 'arbitration', note: null } },
      ],
      ended,
    );
    const report = deadlineReport(project(deadlinesProjection, storeOf(closed)), '2026-06-12T00:00:00.000Z', calendar);
    expect(report).toMatchObject({ openCases: 0, totals: { running: 0 }, byRule: {}, byUnit: {}, supervision: { normal: 0, yellow: 0, red: 0 } });
  });

  it('given the four centres, then every kind’s clocks show with their own rule label and basis, counted by kind, and one kind alone', () => {
    const state = project(deadlinesProjection, storeOf(...fourCentres));
    const report = deadlineReport(state, '2026-06-01T05:00:00.000Z', calendar);
    const shown = (caseId: string) =>
      report.dueSoon
        .concat(report.breached)
        .filter((d) => d.caseId === caseId)
        .map((d) => ({ kind: d.kind, rule: d.rule, label: d.label, basis: d.basis, dueAt: d.dueAt }));
    // 10:00 Beijing + 4 working hours on the fixture calendar (09:00–12:00, 13:00–17:00): 15:00 Beijing.
    expect(shown('D-1')).toEqual([
      { kind: 'gridEvent', rule: 'disposal.exposedRubbish', label: 'Exposed rubbish (暴露垃圾): cleared', basis: expect.stringContaining('4 working hours'), dueAt: '2026-06-01T07:00:00.000Z' },
    ]);
    expect(Object.keys(report.byKind).sort()).toEqual(['gridEvent', 'legalAid', 'mediation', 'petition']);
    expect(report.byKind['legalAid']).toEqual({
      openCases: 1,
      totals: { running: 1, paused: 0, dueSoon: 0, breached: 0, extended: 0 },
      byRule: { 'legalAid.decision': { running: 1, paused: 0, dueSoon: 0, breached: 0, extended: 0 } },
      supervision: { normal: 1, yellow: 0, red: 0 },
    });
    const aid = deadlineReport(state, '2026-06-08T01:00:00.000Z', calendar, { kind: 'legalAid' });
    expect(aid.openCases).toBe(1);
    expect(aid.dueSoon.map((d) => [d.caseId, d.rule, d.label, d.basis.split(':')[0]])).toEqual([['A-1', 'legalAid.decision', 'Decide whether to grant legal aid (审查决定)', '法律援助法 Art 43']]);
    expect(Object.keys(aid.byKind)).toEqual(['legalAid']);
  });

  it('given a mediation request and a petition each with a clock named `review`, then each shows its own kind’s label and basis (version 1 kept one label per rule id, the last seen)', () => {
    const inReview = playPetition(
      [{ at: '2026-07-10T02:00:00.000Z', role: 'petitioner', unit: 'majie', id: 'petitioner-1', command: { type: 'RequestReview', caseId: 'P-1', reason: 'The 2019 payment was for another shop' } }],
      opinionIssued(),
    );
    const unreviewedRequest = run([{ at: '2026-07-10T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('R-9') }]);
    const [petitionReview, mediationReview] = [petitionWorkflow, mediationWorkflow].map((w) => w.deadlines.find((d) => d.id === 'review'));
    expect(petitionReview?.label).not.toBe(mediationReview?.label);
    for (const order of [
      [inReview, unreviewedRequest],
      [unreviewedRequest, inReview],
    ]) {
      const state = project(deadlinesProjection, storeOf(...order));
      const report = deadlineReport(state, '2026-07-10T04:00:00.000Z', calendar, { dueSoonWithin: { amount: 60, unit: 'calendarDays' } });
      expect(report.dueSoon.filter((d) => d.rule === 'review').map((d) => [d.caseId, d.kind, d.label, d.basis])).toEqual([
        ['R-9', 'mediation', mediationReview?.label, mediationReview?.basis],
        ['P-1', 'petition', petitionReview?.label, petitionReview?.basis],
      ]);
    }
  });

  it('refuses a malformed now or window with a typed error naming the argument', () => {
    const state = project(deadlinesProjection, storeOf(unreviewed));
    const fail = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('expected an error');
    };
    const badNow = fail(() => deadlineReport(state, '2026-02-30T00:00:00Z', calendar));
    expect(isReportInputError(badNow) && badNow.field).toBe('deadlineReport: now');
    const badWindow = fail(() => deadlineReport(state, '2026-06-01T00:00:00.000Z', calendar, { dueSoonWithin: { amount: -1, unit: 'workingDays' } }));
    expect(isReportInputError(badWindow) && badWindow.field).toBe('deadlineReport: dueSoonWithin');
    expect(isReportInputError(new Error('x'))).toBe(false);
  });
});
