import { chinaCalendar } from '@casefold/engine';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_CASES } from './globalSetup.js';
import { demoDatabase, tempDir } from './support/demoDatabase.js';
import { boardFigures, deadlineFigures, escalationFigures, readDirectoryUnits, readRawCases, statisticsFigures } from './support/independentFigures.js';
import { jsonOf, runCasefold } from './support/runCasefold.js';

type Json = Record<string, any>;

describe('casefold dashboards: every figure against a computation over the raw events', () => {
  let d: Json;
  /** The dashboards of the mediation requests alone (`--kind mediation`), which the figures below compute from the raw events of those cases. */
  let dm: Json;
  let cases: Awaited<ReturnType<typeof readRawCases>>;
  let mediation: Awaited<ReturnType<typeof readRawCases>>;
  const calendar = chinaCalendar();

  beforeAll(async () => {
    const run = await runCasefold(['dashboards', '--json', '--db', demoDatabase()], { cwd: tempDir() });
    expect(run.code, run.stderr).toBe(0);
    d = jsonOf<Json>(run)['dashboards'] as Json;
    const ofMediation = await runCasefold(['dashboards', '--json', '--kind', 'mediation', '--db', demoDatabase()], { cwd: tempDir() });
    expect(ofMediation.code, ofMediation.stderr).toBe(0);
    dm = jsonOf<Json>(ofMediation)['dashboards'] as Json;
    cases = await readRawCases(demoDatabase());
    mediation = new Map([...cases].filter(([, c]) => c.state.workflow?.id === 'mediation'));
  });

  it('the demo printed the year and the four dashboards, from the asked number of requests, each opening a case or more', () => {
    const stdout = inject('demoStdout');
    for (const heading of ['THE YEAR', 'CASE BOARD', 'ESCALATION PATHS', 'DEADLINES', 'STATISTICS']) expect(stdout).toContain(heading);
    expect(stdout).toContain(`${DEMO_CASES} requests → ${cases.size} cases`);
    expect(cases.size).toBeGreaterThan(DEMO_CASES);
  });

  it('case board counts', () => {
    const raw = boardFigures(cases);
    expect(d['caseBoard']).toEqual(raw);
  });

  it('escalation figures, overall and per sub-district', () => {
    const raw = escalationFigures(mediation, readDirectoryUnits(demoDatabase()));
    const d = dm;
    const pick = (f: Json) => ({
      cases: f['cases'],
      closed: f['closed'],
      settled: f['settled'],
      settledByLevel: f['settledByLevel'],
      casesEscalated: f['casesEscalated'],
      escalations: f['escalations'],
      escalationsByStep: f['escalationsByStep'],
    });
    expect(pick(d['escalation']['overall'])).toEqual(raw.overall);
    expect(Object.keys(d['escalation']['bySubDistrict']).sort()).toEqual(Object.keys(raw.bySubDistrict).sort());
    for (const [id, figures] of Object.entries(raw.bySubDistrict)) expect(pick(d['escalation']['bySubDistrict'][id]), id).toEqual(figures);
    expect(d['escalation']['outsideSubDistricts']['cases']).toBe(0);
    const o = raw.overall;
    const within = (o.settledByLevel['grid'] ?? 0) + (o.settledByLevel['community'] ?? 0) + (o.settledByLevel['subDistrict'] ?? 0);
    expect(d['escalation']['overall']['settledWithinSubDistrict']).toBe(within);
    expect(d['escalation']['overall']['withinSubDistrictShare']).toBeCloseTo(within / o.settled, 12);
    for (const [level, n] of Object.entries(o.settledByLevel)) expect(d['escalation']['overall']['settledShareByLevel'][level]).toBeCloseTo(n / o.settled, 12);
  });

  it('deadline figures as of the dashboards’ instant', () => {
    const raw = deadlineFigures(cases, d['asOf'] as string, calendar);
    expect(d['deadlines']['openCases']).toBe(raw.openCases);
    expect(d['deadlines']['totals']).toEqual(raw.totals);
    expect(d['deadlines']['byRule']).toEqual(raw.byRule);
    expect(d['deadlines']['supervision']).toEqual(raw.supervision);
    expect((d['deadlines']['mostOverdue'] as Json[]).map((i) => ({ caseId: i['caseId'], rule: i['rule'], dueAt: i['dueAt'] }))).toEqual(raw.mostOverdue);
    expect(raw.totals.breached).toBeGreaterThan(0);
  });

  it('statistics', () => {
    const raw = statisticsFigures(mediation, calendar);
    const s = dm['statistics'];
    expect(s['intake']).toMatchObject({ total: raw.total, online: raw.online, labour: raw.labour, byChannel: raw.byChannel, byCategory: raw.byCategory });
    expect(s['review']).toEqual({ accepted: raw.accepted, rejected: raw.rejected, rejectedByReason: raw.rejectedByReason, notReviewed: raw.total - raw.accepted - raw.rejected });
    expect(s['mediation']).toMatchObject({ started: raw.started, ended: raw.ended, byOutcome: raw.byOutcome, byTrack: raw.byTrack });
    expect(s['amounts']).toEqual({
      agreedFen: raw.agreedFen,
      agreements: raw.agreements,
      claimedFen: raw.claimedFen,
      claims: raw.claims,
      acceptedClaimedFen: raw.acceptedClaimedFen,
      acceptedClaims: raw.acceptedClaims,
      rejectedClaimedFen: raw.rejectedClaimedFen,
      rejectedClaims: raw.rejectedClaims,
    });
    expect(raw.rejectedClaims).toBeGreaterThan(0);
    expect(s['notarized']).toBe(raw.notarized);
    expect(s['closure']).toMatchObject({ closed: raw.closed, byOutcome: raw.closedByOutcome, onTime: raw.onTime });
    expect(s['callbacks']).toMatchObject({ made: raw.made, reached: raw.reached, answered: raw.answered, bySatisfaction: raw.bySatisfaction });
    expect(s['escalation']).toEqual({ escalations: raw.escalations, casesEscalated: raw.casesEscalated });
    expect(s['closure']['deadlinesByRule']).toEqual(raw.deadlinesByRule);
    // The demo's handlers' clock is the simulated time: every fact is recorded when it happens.
    expect([s['recordedLate'], s['closure']['onTimeRecordedLate']]).toEqual([{ events: 0, cases: 0 }, 0]);
    const rates: [unknown, number][] = [
      [s['intake']['onlineShare'], raw.online / raw.total],
      [s['intake']['labourShare'], raw.labour / raw.total],
      [s['mediation']['successRate'], (raw.byOutcome['agreement'] ?? 0) / raw.ended],
      [s['closure']['settlementRate'], (raw.closedByOutcome['settled'] ?? 0) / raw.accepted],
      [s['closure']['onTimeClosureRate'], raw.onTime / raw.closed],
      [s['callbacks']['satisfactionRate'], ((raw.bySatisfaction['verySatisfied'] ?? 0) + (raw.bySatisfaction['satisfied'] ?? 0)) / raw.answered],
      [
        s['callbacks']['satisfactionRateWithBasic'],
        ((raw.bySatisfaction['verySatisfied'] ?? 0) + (raw.bySatisfaction['satisfied'] ?? 0) + (raw.bySatisfaction['basicallySatisfied'] ?? 0)) / raw.answered,
      ],
    ];
    for (const [shown, expected] of rates) expect(shown).toBeCloseTo(expected, 12);
    // By kind: the mediation requests alone here; every kind of the four centres in the whole year.
    expect(Object.keys(s['byKind'])).toEqual(['mediation']);
    const kinds = [...new Set([...cases.values()].map((c) => c.state.workflow?.id ?? ''))].sort();
    expect(kinds).toEqual(['gridEvent', 'legalAid', 'legalConsultation', 'mediation', 'petition']);
    for (const kind of kinds) expect(d['statistics']['byKind'][kind]['received'], kind).toBe([...cases.values()].filter((c) => c.state.workflow?.id === kind).length);
    expect(s['byKind']['mediation']).toMatchObject({ received: raw.total, online: raw.online, closed: raw.closed, closedByOutcome: raw.closedByOutcome });
    const byUnit = Object.values(s['byUnit'] as Record<string, Json>);
    expect(byUnit.reduce((sum, u) => sum + (u['mediated'] as number), 0)).toBe(raw.ended);
    const stdout = inject('demoStdout');
    for (const table of ['By kind', 'By unit and department', 'legal consultations', 'legal-aid cases']) expect(stdout).toContain(table);
  });

  it('the generated year looks like the source: labour over 60%, online requests, rejections with call-backs, escalations, notarizations, missed deadlines, extensions, supervision', () => {
    const s = dm['statistics'];
    expect(s['intake']['labourShare']).toBeGreaterThanOrEqual(0.6);
    expect(s['intake']['online']).toBeGreaterThan(0);
    expect(Object.keys(s['intake']['byChannel'])).toEqual(expect.arrayContaining(['window', 'legalHotline12348', 'govApp', 'wechatMiniProgram', 'gridPatrol']));
    expect(s['review']['rejected']).toBeGreaterThan(0);
    expect(s['closure']['deadlinesByRule']['rejectionCallback']['stopped']).toBeGreaterThan(0);
    expect(s['escalation']['escalations']).toBeGreaterThan(0);
    expect(s['notarized']).toBeGreaterThan(0);
    expect(s['closure']['onTime']).toBeLessThan(s['closure']['closed']);
    const types = new Set([...mediation.values()].flatMap((c) => c.events.map((e) => e.type)));
    for (const type of ['DeadlineExtended', 'ClockPaused', 'SupervisionRaised', 'Notarized', 'CallbackRecorded']) expect(types).toContain(type);
    const areas = new Set([...cases.values()].map((c) => c.state.area));
    expect(areas.size).toBeGreaterThan(20);
  });
});
