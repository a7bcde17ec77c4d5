import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, type CaseEvent, TERRITORIAL_LEVELS, fold, initialState, publicStatus, shippedWorkflows } from '@casefold/core';
import { type CaseBoardEntry, type CaseBoardFilter, caseBoardProjection, caseOnBoard, casesOnBoard, countsOnBoard, stageLabel } from '../../src/projections/index.js';
import { entriesIn } from '../../src/projections/shared/shardedRecord.js';
import { run, submit } from '../support/fixtures.js';
import type { GeneratedStore } from '@casefold/core/testing';
import { mixedStores } from './mixedStores.js';
import { fourCentres } from './fourCentres.js';
import { project, storeOf } from './project.js';

/** The board written out from raw events: each stream's events filtered and folded by the decider's own `evolve`. */
const expectedBoard = (store: GeneratedStore): CaseBoardEntry[] => {
  const streams = [...new Set(store.envelopes.map((e) => e.streamId))];
  return streams.map((streamId) => {
    const events = store.envelopes.filter((e) => e.streamId === streamId).map((e) => e.event);
    const submitted = events.find((e): e is Extract<CaseEvent, { type: 'Submitted' }> => e.type === 'Submitted');
    const lastRouted = events.filter((e): e is Extract<CaseEvent, { type: 'Routed' }> => e.type === 'Routed').at(-1);
    const closed = events.find((e): e is Extract<CaseEvent, { type: 'Closed' }> => e.type === 'Closed');
    const state = fold(initialState, events);
    if (!submitted) throw new Error(`stream ${streamId} has no Submitted`);
    return {
      caseId: submitted.data.caseId,
      kind: submitted.meta.workflow.id,
      workflowVersion: submitted.meta.workflow.version,
      status: publicStatus(state) ?? 'unreviewed',
      stage: state.stage,
      outcome: closed?.data.outcome ?? null,
      owner: submitted.data.receivingUnit,
      unit: lastRouted?.data.to ?? submitted.data.receivingUnit,
      level: lastRouted?.data.toLevel ?? submitted.data.receivingLevel,
      submittedAt: submitted.meta.occurredAt,
      lastEventAt: events.at(-1)?.meta.occurredAt ?? '',
    };
  });
};

const countBy = (entries: readonly CaseBoardEntry[], key: (e: CaseBoardEntry) => string): Record<string, number> =>
  entries.reduce<Record<string, number>>((acc, e) => ({ ...acc, [key(e)]: (acc[key(e)] ?? 0) + 1 }), {});

const KINDS = [...new Set(shippedWorkflows.map((w) => w.id))];

const filters = fc.record(
  {
    kind: fc.constantFrom(...KINDS),
    status: fc.constantFrom('unreviewed', 'pending', 'handled', 'rejected' as const),
    stage: fc.constantFrom('new', ...new Set(shippedWorkflows.flatMap((w) => w.stages.map((s) => s.id)))),
    unit: fc.constantFrom('majie', 'majie-north', 'xizhan', 'grid-7', 'xishan', 'xishan-labour', 'kunming', 'guandu'),
    level: fc.constantFrom(...TERRITORIAL_LEVELS, 'department' as const),
    open: fc.boolean(),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<CaseBoardFilter>;

/** The counts of some entries, written out by hand. */
const countsOf = (entries: readonly CaseBoardEntry[]) => ({
  total: entries.length,
  open: entries.filter((e) => e.stage !== 'closed').length,
  byStatus: countBy(entries, (e) => e.status),
  byStage: countBy(entries, (e) => e.stage),
  byUnit: countBy(entries, (e) => e.unit),
  byLevel: countBy(entries, (e) => e.level),
  byKind: countBy(entries, (e) => e.kind),
  byKindStatus: Object.fromEntries(
    [...new Set(entries.map((e) => e.kind))].map((kind) => [
      kind,
      countBy(
        entries.filter((e) => e.kind === kind),
        (e) => e.status,
      ),
    ]),
  ),
});

const matching = (filter: CaseBoardFilter) => (e: CaseBoardEntry) => Object.entries(filter).every(([k, v]) => (k === 'open' ? (e.stage !== 'closed') === v : e[k as keyof CaseBoardEntry] === v));

describe('caseBoard: for all histories', () => {
  it('every case of every kind, every count (by kind × status too) and every listed and counted bucket equal the independent computation', () => {
    fc.assert(
      fc.property(mixedStores, fc.array(filters, { maxLength: 4 }), (store, someFilters) => {
        const board = project(caseBoardProjection, store.envelopes);
        const expected = expectedBoard(store);
        expect(Object.fromEntries(entriesIn(board.cases))).toEqual(Object.fromEntries(expected.map((e) => [e.caseId, e])));
        expect(board.counts).toEqual(countsOf(expected));
        expect(countsOnBoard(board)).toEqual(board.counts);
        for (const filter of someFilters) {
          expect(countsOnBoard(board, filter)).toEqual(countsOf(expected.filter(matching(filter))));
          const wanted = expected
            .filter(matching(filter))
            .sort((a, b) => Date.parse(a.submittedAt) - Date.parse(b.submittedAt) || (a.caseId < b.caseId ? -1 : 1))
            .map((e) => e.caseId);
          expect(casesOnBoard(board, filter).map((e) => e.caseId)).toEqual(wanted);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('caseBoard: examples', () => {
  const tenancy = run([
    { at: '2026-05-05T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('T-1', { claimedAmountFen: 20_000_000 }) },
    { at: '2026-05-05T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'T-1', decision: { outcome: 'accepted', note: null } } },
    { at: '2026-05-05T03:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'T-1', to: 'majie-north', reason: null } },
    { at: '2026-05-06T01:00:00.000Z', role: 'mediator', unit: 'majie-north', command: { type: 'StartMediation', caseId: 'T-1', track: 'people' } },
  ]);
  const online = run([
    { at: '2026-05-05T12:00:00.000Z', role: 'requester', unit: 'majie', command: submit('O-1', { channel: 'wechatMiniProgram' }) },
    { at: '2026-05-06T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'O-1', decision: { outcome: 'rejected', reason: 'outOfArea', note: 'Arose in Guandu' } } },
  ]);
  const waiting = run([{ at: '2026-05-06T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('U-1') }]);

  it('given a case in mediation, a rejected online request and an unreviewed one, then each shows its public status and holder', () => {
    const board = project(caseBoardProjection, storeOf(tenancy, online, waiting));
    expect(board.counts).toEqual({
      total: 3,
      open: 3,
      byStatus: { pending: 1, rejected: 1, unreviewed: 1 },
      byStage: { inMediation: 1, rejected: 1, submitted: 1 },
      byUnit: { 'majie-north': 1, majie: 2 },
      byLevel: { community: 1, subDistrict: 2 },
      byKind: { mediation: 3 },
      byKindStatus: { mediation: { pending: 1, rejected: 1, unreviewed: 1 } },
    });
    expect(caseOnBoard(board, 'T-1')).toMatchObject({ status: 'pending', stage: 'inMediation', owner: 'majie', unit: 'majie-north', level: 'community' });
    expect(casesOnBoard(board, { unit: 'majie' }).map((c) => c.caseId)).toEqual(['O-1', 'U-1']);
    expect(casesOnBoard(board, { status: 'unreviewed' }).map((c) => c.caseId)).toEqual(['U-1']);
    expect(casesOnBoard(board).map((c) => c.caseId)).toEqual(['T-1', 'O-1', 'U-1']);
  });

  it('when the mediation ends in agreement and the case closes, then it moves to handled and leaves the open count', () => {
    const closed = run(
      [
        {
          at: '2026-05-12T08:00:00.000Z',
          role: 'mediator',
          unit: 'majie-north',
          command: { type: 'RecordMediation', caseId: 'T-1', result: { outcome: 'agreement', form: 'oral', terms: 'Pay back', amountFen: 100, paymentTerms: null } },
        },
        {
          at: '2026-05-20T02:00:00.000Z',
          role: 'followUpAgent',
          unit: 'majie',
          command: { type: 'RecordCallback', caseId: 'T-1', purpose: 'followUp', reached: true, satisfaction: 'satisfied', note: null },
        },
        { at: '2026-05-20T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Close', caseId: 'T-1', referredTo: null, note: null } },
      ],
      tenancy,
    );
    const board = project(caseBoardProjection, storeOf(closed, waiting));
    expect(board.counts).toMatchObject({ total: 2, open: 1, byStatus: { handled: 1, unreviewed: 1 }, byStage: { closed: 1, submitted: 1 } });
    expect(caseOnBoard(board, 'T-1')).toMatchObject({ status: 'handled', stage: 'closed', outcome: 'settled', lastEventAt: '2026-05-20T03:00:00.000Z' });
    expect(casesOnBoard(board, { open: true }).map((c) => c.caseId)).toEqual(['U-1']);
    expect(casesOnBoard(board, { open: false, status: 'handled' }).map((c) => c.caseId)).toEqual(['T-1']);
  });

  it('when a case dispatched to a community is returned to its owner, then it is accepted again at the owner', () => {
    const returned = run([
      { at: '2026-05-01T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('R-1') },
      { at: '2026-05-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'R-1', decision: { outcome: 'accepted', note: null } } },
      { at: '2026-05-01T03:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'R-1', to: 'xizhan', reason: null } },
      { at: '2026-05-01T04:00:00.000Z', role: 'leaderInCharge', unit: 'xizhan', command: { type: 'ReturnToSender', caseId: 'R-1', reason: 'Parties live in Majie North' } },
    ]);
    const board = project(caseBoardProjection, storeOf(returned));
    expect(caseOnBoard(board, 'R-1')).toMatchObject({ stage: 'accepted', status: 'pending', unit: 'majie', level: 'subDistrict' });
    expect(board.counts.byUnit).toEqual({ majie: 1 });
  });
});

describe('caseBoard: the four centres behind one window', () => {
  const board = project(caseBoardProjection, storeOf(...fourCentres));

  it('given cases of every kind, then each shows its kind and the stage label of its own workflow', () => {
    const shown = (caseId: string) => {
      const entry = caseOnBoard(board, caseId);
      return entry === null ? null : { kind: entry.kind, stage: entry.stage, label: stageLabel(shippedWorkflows, entry), status: entry.status };
    };
    expect(shown('T-1')).toEqual({ kind: 'mediation', stage: 'inMediation', label: '调解中', status: 'pending' });
    expect(shown('P-1')).toEqual({ kind: 'petition', stage: 'accepted', label: '已受理', status: 'pending' });
    expect(shown('B-1')).toEqual({ kind: 'gridEvent', stage: 'closed', label: '结案', status: 'handled' });
    expect(shown('D-1')).toEqual({ kind: 'gridEvent', stage: 'dispatched', label: '已派遣（待受理）', status: 'pending' });
    expect(shown('A-1')).toEqual({ kind: 'legalAid', stage: 'submitted', label: '已申请', status: 'unreviewed' });
    expect(shown('M-2')).toEqual({ kind: 'mediation', stage: 'submitted', label: '未审核', status: 'unreviewed' });
  });

  it('then it counts by kind × public status, and lists and counts one kind alone', () => {
    expect(board.counts.byKind).toEqual({ mediation: 2, petition: 1, gridEvent: 3, legalAid: 1 });
    expect(board.counts.byKindStatus).toEqual({
      mediation: { pending: 1, unreviewed: 1 },
      petition: { pending: 1 },
      gridEvent: { handled: 2, pending: 1 },
      legalAid: { unreviewed: 1 },
    });
    expect(casesOnBoard(board, { kind: 'gridEvent' }).map((c) => c.caseId)).toEqual(['B-1', 'D-1', 'G-2']);
    expect(casesOnBoard(board, { kind: 'gridEvent', open: true }).map((c) => c.caseId)).toEqual(['D-1']);
    expect(countsOnBoard(board, { kind: 'gridEvent' })).toEqual({
      total: 3,
      open: 1,
      byStatus: { handled: 2, pending: 1 },
      byStage: { closed: 2, dispatched: 1 },
      byUnit: { 'grid-7-b3': 1, 'xishan-sanitation': 1, 'grid-7': 1 },
      byLevel: { microGrid: 1, department: 1, grid: 1 },
      byKind: { gridEvent: 3 },
      byKindStatus: { gridEvent: { handled: 2, pending: 1 } },
    });
  });

  it('a stage no given workflow labels shows as its id; another version of the kind labels it when its own is not given', () => {
    expect(stageLabel([], { kind: 'gridEvent', workflowVersion: 1, stage: 'dispatched' })).toBe('dispatched');
    expect(stageLabel(shippedWorkflows, { kind: 'mediation', workflowVersion: 9, stage: 'inMediation' })).toBe('调解中');
    expect(stageLabel(shippedWorkflows, { kind: 'mediation', workflowVersion: 2, stage: 'nowhere' })).toBe('nowhere');
  });
});
