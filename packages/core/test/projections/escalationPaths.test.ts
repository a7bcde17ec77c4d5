import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, type CaseEvent, fold, initialState } from '@casefold/core';
import { type CasePath, type ResolutionFigures, escalationPathOf, escalationPathsProjection, escalationReport } from '../../src/projections/index.js';
import { entriesIn } from '../../src/projections/shared/shardedRecord.js';
import { type Role, type Step, directory, run, submit } from '../support/fixtures.js';
import type { GeneratedStore } from '@casefold/core/testing';
import { GRID_UNITS, type GridStep, report, runGrid } from '../workflows/gridEventFixtures.js';

const gridStep = (at: string, role: string, unit: string, command: Record<string, unknown>): GridStep => ({ at, role, unit, command });
import { fourCentres } from './fourCentres.js';
import { mixedDirectory, mixedStores } from './mixedStores.js';
import { project, storeOf } from './project.js';

const UNITS = GRID_UNITS;

type Of<K extends CaseEvent['type']> = Extract<CaseEvent, { type: K }>;
const is =
  <K extends CaseEvent['type']>(type: K) =>
  (e: AnyCaseEvent): e is Of<K> =>
    e.type === type;

/** The sub-district above a unit, walking the fixture's parent links by hand. */
const subDistrictAbove = (unitId: string): string | null => {
  let unit = UNITS.find((u) => u.id === unitId);
  while (unit !== undefined) {
    if (unit.level === 'subDistrict') return unit.id;
    const parent: string | null = unit.parent;
    unit = UNITS.find((u) => u.id === parent);
  }
  return null;
};

interface Expected {
  readonly path: CasePath;
  readonly converted: boolean;
  readonly subDistrict: string | null;
  readonly levelAtEnd: string;
  readonly escalationSteps: readonly string[];
}

const expectedOf = (store: GeneratedStore): Expected[] =>
  [...new Set(store.envelopes.map((e) => e.streamId))].map((streamId) => {
    const events = store.envelopes.filter((e) => e.streamId === streamId).map((e) => e.event);
    const submitted = events.filter(is('Submitted'))[0];
    if (!submitted) throw new Error('no Submitted');
    const routed = events.filter(is('Routed'));
    const linked = events.filter(is('CaseLinked'));
    const closed = events.filter(is('Closed'))[0];
    const state = fold(initialState, events);
    return {
      path: {
        caseId: submitted.data.caseId,
        kind: submitted.meta.workflow.id,
        area: submitted.data.area,
        stops: [
          { unit: submitted.data.receivingUnit, level: submitted.data.receivingLevel, arrivedAt: submitted.meta.occurredAt, via: 'received' as const, from: null, reason: null },
          ...routed.map((r) => ({ unit: r.data.to, level: r.data.toLevel, arrivedAt: r.meta.occurredAt, via: r.data.mode, from: r.data.from, reason: r.data.reason })),
        ],
        links: [...(submitted.data.links ?? []), ...linked.map((l) => ({ caseId: l.data.caseId, kind: l.data.kind, relation: l.data.relation }))],
        outcome: closed?.data.outcome ?? null,
        closedAt: closed?.meta.occurredAt ?? null,
      },
      converted: linked.some((l) => l.data.relation === 'convertedTo'),
      subDistrict: subDistrictAbove(submitted.data.area) ?? subDistrictAbove(submitted.data.receivingUnit),
      levelAtEnd: state.handlingLevel ?? '',
      escalationSteps: routed.filter((r) => r.data.mode === 'escalate').map((r) => `${r.data.fromLevel}→${r.data.toLevel}`),
    };
  });

const tally = (keys: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
};

const figures = (group: readonly Expected[]): ResolutionFigures => {
  const settled = group.filter((g) => g.path.outcome === 'settled' && !g.converted);
  const byLevel = tally(settled.map((g) => g.levelAtEnd));
  const settledAmong = (levels: readonly string[]) => settled.filter((g) => levels.includes(g.levelAtEnd)).length;
  const within = settledAmong(['microGrid', 'grid', 'community', 'subDistrict']);
  const ratio = (n: number) => (settled.length === 0 ? null : n / settled.length);
  return {
    cases: group.length,
    closed: group.filter((g) => g.path.outcome !== null).length,
    converted: group.filter((g) => g.converted).length,
    settled: settled.length,
    settledByLevel: byLevel,
    settledShareByLevel: Object.fromEntries(Object.entries(byLevel).map(([k, n]) => [k, n / settled.length])),
    settledWithinGrid: settledAmong(['microGrid', 'grid']),
    withinGridShare: ratio(settledAmong(['microGrid', 'grid'])),
    settledWithinCommunity: settledAmong(['microGrid', 'grid', 'community']),
    withinCommunityShare: ratio(settledAmong(['microGrid', 'grid', 'community'])),
    settledWithinSubDistrict: within,
    withinSubDistrictShare: settled.length === 0 ? null : within / settled.length,
    casesEscalated: group.filter((g) => g.escalationSteps.length > 0).length,
    escalations: group.reduce((n, g) => n + g.escalationSteps.length, 0),
    escalationsByStep: tally(group.flatMap((g) => g.escalationSteps)),
  };
};

describe('escalationPaths: for all histories', () => {
  it('every path of every kind, and every resolution figure overall, per kind and per sub-district (of all kinds or one), equal the independent computation', () => {
    fc.assert(
      fc.property(mixedStores, fc.option(fc.constantFrom('mediation', 'petition', 'gridEvent', 'legalAid', 'legalConsultation'), { nil: undefined }), (store, kind) => {
        const state = project(escalationPathsProjection, store.envelopes);
        const expected = expectedOf(store);
        for (const e of expected) {
          expect(escalationPathOf(state, e.path.caseId)).toEqual(e.path);
          // the path ends where the decider's state says the case is held
          const c = store.cases.find((x) => x.caseId === e.path.caseId);
          expect(e.path.stops.at(-1)?.unit).toBe(c?.state.handlingUnit);
        }
        expect(
          entriesIn(state.cases)
            .map(([k]) => k)
            .sort(),
        ).toEqual(expected.map((e) => e.path.caseId).sort());
        const report = escalationReport(state, mixedDirectory, kind === undefined ? {} : { kind });
        const mine = expected.filter((e) => kind === undefined || e.path.kind === kind);
        expect(report.overall).toEqual(figures(mine));
        const kinds = [...new Set(mine.map((e) => e.path.kind))].sort();
        expect(report.byKind).toEqual(Object.fromEntries(kinds.map((k) => [k, figures(mine.filter((e) => e.path.kind === k))])));
        const keys = [...new Set(mine.map((e) => e.subDistrict).filter((k): k is string => k !== null))].sort();
        expect(report.bySubDistrict).toEqual(Object.fromEntries(keys.map((k) => [k, figures(mine.filter((e) => e.subDistrict === k))])));
        expect(report.outsideSubDistricts).toEqual(figures(mine.filter((e) => e.subDistrict === null)));
      }),
      { numRuns: 1000 },
    );
  });
});

const at = (day: number, hour: number) => `2026-07-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const step = (when: string, role: Role, unit: string, command: Record<string, unknown>): Step => ({ at: when, role, unit, command });

/** Mediates a case held at `unit` to an agreement, calls back and closes it (settled). */
const settleAt = (caseId: string, unit: string, owner: string, day: number): Step[] => [
  step(at(day, 1), 'mediator', unit, { type: 'StartMediation', caseId, track: 'people' }),
  step(at(day, 2), 'mediator', unit, { type: 'RecordMediation', caseId, result: { outcome: 'agreement', form: 'oral', terms: 'Apology and repair', amountFen: 50_000, paymentTerms: null } }),
  step(at(day, 3), 'followUpAgent', owner, { type: 'RecordCallback', caseId, purpose: 'followUp', reached: true, satisfaction: 'satisfied', note: null }),
  step(at(day, 4), 'intakeClerk', owner, { type: 'Close', caseId, referredTo: null, note: null }),
];
const accept = (caseId: string, unit: string, when: string) => step(when, 'intakeClerk', unit, { type: 'Review', caseId, decision: { outcome: 'accepted', note: null } });

describe('escalationPaths: examples', () => {
  // E-1: a grid patrol finds a neighbour dispute; it climbs grid → community → sub-district → district and is settled there
  const climbed = run([
    step(at(1, 2), 'gridWorker', 'grid-7', submit('E-1', { channel: 'gridPatrol', receivingUnit: 'grid-7', area: 'grid-7', category: 'neighbour' })),
    step(at(1, 3), 'leaderInCharge', 'grid-7', { type: 'Review', caseId: 'E-1', decision: { outcome: 'accepted', note: null } }),
    step(at(1, 4), 'gridWorker', 'grid-7', { type: 'Escalate', caseId: 'E-1', to: 'majie-north', reason: 'Beyond the grid' }),
    step(at(2, 4), 'leaderInCharge', 'majie-north', { type: 'Escalate', caseId: 'E-1', to: 'majie', reason: 'Community mediation failed' }),
    step(at(3, 4), 'leaderInCharge', 'majie', { type: 'Escalate', caseId: 'E-1', to: 'xishan', reason: 'Involves several sub-districts' }),
    ...settleAt('E-1', 'xishan', 'grid-7', 6),
  ]);
  // C-1: received at the sub-district, dispatched to the community, settled there
  const community = run([
    step(at(1, 1), 'intakeClerk', 'majie', submit('C-1')),
    accept('C-1', 'majie', at(1, 2)),
    step(at(1, 3), 'dispatcher', 'majie', { type: 'Dispatch', caseId: 'C-1', to: 'majie-north', reason: null }),
    ...settleAt('C-1', 'majie-north', 'majie', 4),
  ]);
  // S-1: settled at the sub-district that received it
  const subDistrict = run([step(at(1, 1), 'intakeClerk', 'majie', submit('S-1', { area: 'xizhan' })), accept('S-1', 'majie', at(1, 2)), ...settleAt('S-1', 'majie', 'majie', 5)]);
  // L-1: a labour dispute sent to the district labour bureau and settled there
  const labour = run([
    step(at(1, 1), 'intakeClerk', 'majie', submit('L-1', { category: 'labour' })),
    accept('L-1', 'majie', at(1, 2)),
    step(at(1, 3), 'dispatcher', 'majie', { type: 'Dispatch', caseId: 'L-1', to: 'xishan-labour', reason: 'Labour dispute' }),
    ...settleAt('L-1', 'xishan-labour', 'majie', 7),
  ]);
  // G-1: a dispute in Guandu received by the Xishan district window, not settled
  const guandu = run([
    step(at(1, 1), 'intakeClerk', 'xishan', submit('G-1', { receivingUnit: 'xishan', area: 'guandu' })),
    accept('G-1', 'xishan', at(1, 2)),
    step(at(2, 1), 'mediator', 'xishan', { type: 'StartMediation', caseId: 'G-1', track: 'administrative' }),
    step(at(3, 1), 'mediator', 'xishan', { type: 'RecordMediation', caseId: 'G-1', result: { outcome: 'noAgreement', reason: 'Respondent absent' } }),
    step(at(3, 2), 'followUpAgent', 'xishan', { type: 'RecordCallback', caseId: 'G-1', purpose: 'followUp', reached: true, satisfaction: null, note: null }),
    step(at(3, 3), 'intakeClerk', 'xishan', { type: 'Close', caseId: 'G-1', referredTo: 'litigation', note: null }),
  ]);
  const state = project(escalationPathsProjection, storeOf(climbed, community, subDistrict, labour, guandu));

  it('given a case escalated one level at a time, then its path lists every unit with time, mode and reason', () => {
    expect(escalationPathOf(state, 'E-1')).toEqual({
      caseId: 'E-1',
      kind: 'mediation',
      area: 'grid-7',
      stops: [
        { unit: 'grid-7', level: 'grid', arrivedAt: at(1, 2), via: 'received', from: null, reason: null },
        { unit: 'majie-north', level: 'community', arrivedAt: at(1, 4), via: 'escalate', from: 'grid-7', reason: 'Beyond the grid' },
        { unit: 'majie', level: 'subDistrict', arrivedAt: at(2, 4), via: 'escalate', from: 'majie-north', reason: 'Community mediation failed' },
        { unit: 'xishan', level: 'district', arrivedAt: at(3, 4), via: 'escalate', from: 'majie', reason: 'Involves several sub-districts' },
      ],
      links: [],
      outcome: 'settled',
      closedAt: at(6, 4),
    });
    expect(escalationPathOf(state, 'nope')).toBeNull();
  });

  it('then the report says where matters were resolved: two of four settled cases stayed within the sub-district', () => {
    const report = escalationReport(state, directory);
    expect(report.overall).toEqual({
      cases: 5,
      closed: 5,
      converted: 0,
      settled: 4,
      settledByLevel: { district: 1, community: 1, subDistrict: 1, department: 1 },
      settledShareByLevel: { district: 0.25, community: 0.25, subDistrict: 0.25, department: 0.25 },
      settledWithinGrid: 0,
      withinGridShare: 0,
      settledWithinCommunity: 1,
      withinCommunityShare: 0.25,
      settledWithinSubDistrict: 2,
      withinSubDistrictShare: 0.5,
      casesEscalated: 1,
      escalations: 3,
      escalationsByStep: { 'grid→community': 1, 'community→subDistrict': 1, 'subDistrict→district': 1 },
    });
    expect(Object.keys(report.bySubDistrict)).toEqual(['majie']);
    expect(report.bySubDistrict['majie']).toMatchObject({ cases: 4, settled: 4, settledWithinSubDistrict: 2 });
    expect(report.outsideSubDistricts).toMatchObject({ cases: 1, closed: 1, settled: 0, withinSubDistrictShare: null, settledShareByLevel: {} });
  });
});

describe('escalationPaths: the four centres and the grid levels', () => {
  const level = (caseId: string, stops: readonly string[]) => (fourCentresState: ReturnType<typeof centres>) =>
    expect(escalationPathOf(fourCentresState, caseId)?.stops.map((s) => s.level)).toEqual(stops);
  const centres = () => project(escalationPathsProjection, storeOf(...fourCentres));

  it('given a grid event resolved in its building and one converted to mediation, then each path keeps its kind, and the conversion is a link on both sides', () => {
    const state = centres();
    level('B-1', ['microGrid'])(state);
    level('D-1', ['subDistrict', 'department'])(state);
    expect(escalationPathOf(state, 'G-2')).toMatchObject({ kind: 'gridEvent', links: [{ caseId: 'M-2', kind: 'mediation', relation: 'convertedTo' }], outcome: 'notSettled' });
    expect(escalationPathOf(state, 'M-2')).toMatchObject({ kind: 'mediation', links: [{ caseId: 'G-2', kind: 'gridEvent', relation: 'convertedFrom' }], outcome: null });
  });

  it('then, by kind, 小事不出网格/楼栋 and 小事不出社区 are the shares of settled cases held at micro-grid or grid, and at or below the community, when they closed', () => {
    // Two more grid events: one a grid chief resolves on the spot in the grid, one escalated to the community and resolved there.
    const inGrid = runGrid([
      gridStep('2026-06-02T01:00:00.000Z', 'gridWorker', 'grid-7', report('B-2', { receivingUnit: 'grid-7', area: 'grid-7', channel: 'patrol' })),
      gridStep('2026-06-02T01:10:00.000Z', 'gridWorker', 'grid-7', { type: 'ResolveOnTheSpot', caseId: 'B-2', action: 'Moved the bicycles out of the stairwell', evidence: ['photo-7'] }),
      gridStep('2026-06-02T01:20:00.000Z', 'gridChief', 'grid-7', { type: 'Close', caseId: 'B-2', referredTo: null, note: null }),
    ]);
    const state = project(escalationPathsProjection, storeOf(...fourCentres, inGrid));
    const resolution = escalationReport(state, mixedDirectory);
    expect(resolution.byKind['gridEvent']).toMatchObject({
      cases: 4,
      closed: 3,
      converted: 1,
      settled: 2,
      settledByLevel: { microGrid: 1, grid: 1 },
      settledWithinGrid: 2,
      withinGridShare: 1,
      settledWithinCommunity: 2,
      withinCommunityShare: 1,
    });
    expect(resolution.byKind['mediation']).toMatchObject({ cases: 2, settled: 0, withinGridShare: null, withinCommunityShare: null });
    expect(Object.keys(resolution.byKind)).toEqual(['gridEvent', 'legalAid', 'mediation', 'petition']);
    expect(escalationReport(state, mixedDirectory, { kind: 'gridEvent' }).overall).toEqual(resolution.byKind['gridEvent']);
    expect(escalationReport(state, mixedDirectory, { kind: 'nothing' }).overall.cases).toBe(0);
  });
});
