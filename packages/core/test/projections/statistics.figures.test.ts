import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import {
  type AnyCaseEvent,
  type CaseState,
  type Envelope,
  type JurisdictionDirectory,
  type Workflow,
  createDirectory,
  decideInput,
  evolve,
  initialState,
  legalAidWorkflow,
  legalConsultationWorkflow,
  mediationWorkflow,
} from '@casefold/core';
import { SAMPLE_UNITS } from '@casefold/core/testing';
import { statisticsProjection, statisticsReport } from '../../src/projections/index.js';
import { calendar } from '../support/fixtures.js';
import { projectInBatches } from './project.js';

/*
 * The Done-when figures test of the issue "Four centres behind one window": histories crafted
 * from the figures the Wuhua one-stop mediation centre published (source article, 2023) —
 * 330 mediated cases of which 80 online, 1574万元 involved, 21,082 legal consultations and
 * 17,818 online consultations, 2,558 legal-aid cases; the labour bureau's 2,519 labour
 * mediations and over 3130万元 recovered — each case decided command by command through the
 * real decider and folded with evolve, projected by the statistics projection in the
 * engine's batches; the report gives back exactly those figures.
 *
 * Reading the source: "法律咨询21082起、网上咨询17818件" lists two figures side by side (no
 * parenthesis, unlike "调解案件330起（办理网上案件80件）"), so the 21,082 are read as
 * consultations on site and the 17,818 as online ones; the report gives both (onSite,
 * online) and their total. The labour bureau's 2,519 mediations (over three years, its own
 * desk) are its figure beside the centre's 330. "Recovered" is not recorded by any event; the
 * amounts agreed in labour mediations stand for it.
 */

const CENTRE = 'wuhua-centre';
const LABOUR = 'wuhua-labour';
const LEGAL_AID = 'wuhua-legal-aid';

/** The sample units with Wuhua district, its one-stop mediation centre, labour bureau and legal-aid office. */
const directory: JurisdictionDirectory = E.getOrElseW((errors) => {
  throw new Error(`Wuhua directory is invalid: ${JSON.stringify(errors)}`);
})(
  createDirectory([
    ...SAMPLE_UNITS,
    { id: 'wuhua', name: '五华区', level: 'district', parent: 'kunming', departmentKind: null },
    { id: CENTRE, name: '五华区"一站式"矛盾纠纷调解中心', level: 'department', parent: 'wuhua', departmentKind: 'mediationCentre' },
    { id: LABOUR, name: '五华区人社局', level: 'department', parent: 'wuhua', departmentKind: 'laborBureau' },
    { id: LEGAL_AID, name: '五华区法律援助中心', level: 'department', parent: 'wuhua', departmentKind: 'legalAidOffice' },
  ]),
);

/** One command of a crafted case: who acts for which unit, and the command without its ids. */
type Step = readonly [role: string, unit: string, command: Record<string, unknown>];

const START = Date.UTC(2026, 0, 5, 1);
const HOUR = 3_600_000;
let eventCount = 0;
const envelopes: Envelope<AnyCaseEvent>[] = [];

/** Decides a case's steps one hour apart through the real decider (failing loudly on a refusal), folds them with evolve and appends its events as one stream. */
const record = (workflow: Workflow, caseId: string, n: number, steps: readonly Step[]): void => {
  let state: CaseState = initialState;
  let now = START + (n % 300) * 24 * HOUR + (n % 7) * HOUR;
  steps.forEach(([role, unit, command], i) => {
    const id = role === 'requester' || role === 'applicant' ? `${caseId}-a` : `${role}@${unit}`;
    const decided = decideInput({ ...command, commandId: `${caseId}-${i}`, caseId }, state, { now: new Date(now).toISOString(), actor: { id, role, unit }, directory, workflow });
    if (E.isLeft(decided)) throw new Error(`${caseId} step ${i} (${String(command['type'])}) refused: ${decided.left.code}: ${decided.left.message}`);
    for (const event of decided.right) {
      envelopes.push({ streamId: `case-${caseId}`, revision: BigInt(state.revision + 1), position: BigInt(++eventCount), eventId: `e-${eventCount}`, recordedAt: event.meta.occurredAt, event });
      state = evolve(state, event);
    }
    now += HOUR;
  });
};

const submit = (caseId: string, channel: string, category: string, claimedAmountFen: number | null): Record<string, unknown> => ({
  type: 'Submit',
  channel,
  category,
  summary: 'Crafted from the published figures',
  receivingUnit: CENTRE,
  area: CENTRE,
  claimedAmountFen,
  parties: [{ subjectId: `${caseId}-a`, side: 'applicant', pii: { name: '群众', phone: null, idNumber: null } }],
});
const ONLINE = ['legalHotline12348', 'govApp', 'wechatMiniProgram'];
const accept = { type: 'Review', decision: { outcome: 'accepted', note: null } };
/** `total` split into `parts` whole amounts differing by at most one fen. */
const share = (total: number, parts: number, i: number): number => Math.floor(total / parts) + (i < total % parts ? 1 : 0);

// The centre's mediations: 330 mediated, 80 of them online, 1574万元 involved; 200 labour
// disputes (六成以上是劳资纠纷, with the 20 rejected labour requests below); tracks 250 people's,
// 50 administrative, 30 judicial; 300 agreements.
for (let i = 0; i < 330; i++) {
  const caseId = `M-${i}`;
  const track = i < 250 ? 'people' : i < 300 ? 'administrative' : 'judicial';
  const result = i % 11 === 0 ? { outcome: 'noAgreement', reason: 'Parties too far apart' } : { outcome: 'agreement', form: 'written', terms: 'Paid in full', amountFen: 100_000, paymentTerms: null };
  record(mediationWorkflow, caseId, i, [
    ['intakeClerk', CENTRE, submit(caseId, i < 80 ? ONLINE[i % 3]! : 'window', i < 200 ? 'labour' : 'tenancy', share(1_574_000_000, 330, i))],
    ['intakeClerk', CENTRE, accept],
    ['mediator', CENTRE, { type: 'StartMediation', track }],
    ['mediator', CENTRE, { type: 'RecordMediation', result }],
  ]);
}
// 20 online requests rejected (out of the area): neither mediated nor part of the amount involved.
for (let i = 0; i < 20; i++) {
  const caseId = `R-${i}`;
  record(mediationWorkflow, caseId, i, [
    ['intakeClerk', CENTRE, submit(caseId, 'wechatMiniProgram', 'labour', 5_000_000)],
    ['intakeClerk', CENTRE, { type: 'Review', decision: { outcome: 'rejected', reason: 'outOfArea', note: 'Arose in another district' } }],
  ]);
}
// The labour bureau's desk: 2,519 labour mediations, 2,300 agreements for 3131万元 in all.
for (let i = 0; i < 2519; i++) {
  const caseId = `B-${i}`;
  const result =
    i < 2300 ? { outcome: 'agreement', form: 'written', terms: 'Wages paid', amountFen: share(3_131_000_000, 2300, i), paymentTerms: null } : { outcome: 'noAgreement', reason: 'Sent to arbitration' };
  record(mediationWorkflow, caseId, i, [
    ['intakeClerk', CENTRE, submit(caseId, 'window', 'labour', null)],
    ['intakeClerk', CENTRE, accept],
    ['dispatcher', CENTRE, { type: 'Dispatch', to: LABOUR, reason: null }],
    ['mediator', LABOUR, { type: 'StartMediation', track: 'administrative' }],
    ['mediator', LABOUR, { type: 'RecordMediation', result }],
  ]);
}
// Consultations: 21,082 at the service desk, 17,818 online; one in ten referred to another desk;
// answered or referred, each shows 已处理 (left open: closing them adds nothing to these figures).
for (let i = 0; i < 21_082 + 17_818; i++) {
  const caseId = `C-${i}`;
  const online = i >= 21_082;
  const handling: Step =
    i % 10 === 0 ? ['intakeClerk', CENTRE, { type: 'ReferConsultation', route: 'mediation', note: null }] : ['lawyer', CENTRE, { type: 'AnswerConsultation', answer: 'Answered on the spot' }];
  record(legalConsultationWorkflow, caseId, i, [[online ? 'requester' : 'intakeClerk', CENTRE, submit(caseId, online ? ONLINE[i % 3]! : 'window', 'labour', null)], handling]);
}
// Legal aid: 2,558 applications granted, assigned and closed; 120 refused.
for (let i = 0; i < 2558 + 120; i++) {
  const caseId = `A-${i}`;
  const decision: readonly Step[] =
    i < 2558
      ? [
          ['legalAidOfficer', LEGAL_AID, { type: 'GrantLegalAid', advance: false, note: null }],
          ['legalAidOfficer', LEGAL_AID, { type: 'AssignLegalAid', provider: `lawyer-${i % 40}`, organisation: null }],
        ]
      : [['legalAidOfficer', LEGAL_AID, { type: 'RefuseLegalAid', reason: 'notFinanciallyEligible', explanation: 'Income above the local standard' }]];
  record(legalAidWorkflow, caseId, i, [
    ['intakeClerk', CENTRE, submit(caseId, i % 5 === 0 ? 'govApp' : 'window', 'labour', null)],
    ['intakeClerk', CENTRE, { type: 'Dispatch', to: LEGAL_AID, reason: null }],
    ...decision,
    ['legalAidOfficer', LEGAL_AID, { type: 'Close', referredTo: null, note: null }],
  ]);
}

describe('statistics: the published figures, from crafted histories', () => {
  envelopes.sort((a, b) => (a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : Number(a.position - b.position)));
  const state = projectInBatches(statisticsProjection, envelopes, 500);

  it('the centre’s mediations: 330 mediated, 80 online, 1574万元 involved; by track; over 60% labour disputes', () => {
    const centre = statisticsReport(state, calendar, { unit: CENTRE, directory, workflow: 'mediation' });
    expect(centre.mediation.ended).toBe(330);
    expect(centre.mediation.online).toBe(80);
    expect(centre.mediation.amountInvolvedFen).toBe(1_574_000_000);
    expect(centre.mediation.amountInvolvedFen / 100 / 10_000).toBe(1574);
    expect(centre.mediation.byTrack).toEqual({ people: 250, administrative: 50, judicial: 30 });
    expect(centre.intake).toMatchObject({ total: 350, online: 100, labour: 220 });
    expect(centre.intake.labourShare).toBeGreaterThan(0.6);
    expect(centre.review).toMatchObject({ accepted: 330, rejected: 20 });
    // The rejected requests' claims stay out of the amount involved.
    expect(centre.amounts.rejectedClaimedFen).toBe(100_000_000);
  });

  it('consultations: 21,082 on site and 17,818 online; legal aid: 2,558 cases', () => {
    const all = statisticsReport(state, calendar);
    expect(all.legalServices.consultations).toEqual({ total: 38_900, online: 17_818, onSite: 21_082, answered: 35_010, referred: 3_890 });
    expect(all.legalServices.legalAid).toEqual({ applications: 2_678, online: 536, granted: 2_558, refused: 120, assigned: 2_558 });
    expect(all.byKind['legalConsultation']).toMatchObject({ received: 38_900, online: 17_818, handled: 38_900, byStatus: { handled: 38_900 } });
    expect(all.byKind['legalAid']).toMatchObject({ received: 2_678, closed: 2_678, closedByOutcome: { settled: 2_558, rejected: 120 }, byStatus: { handled: 2_558, rejected: 120 } });
  });

  it('the labour bureau: 2,519 labour mediations and over 3130万元 agreed (the recorded stand-in for recovered)', () => {
    const bureau = statisticsReport(state, calendar, { unit: LABOUR, directory });
    expect(bureau.mediation.labour).toMatchObject({ ended: 2_519, agreements: 2_300, agreedFen: 3_131_000_000 });
    expect(bureau.mediation.labour.agreedFen).toBeGreaterThan(3_130 * 10_000 * 100);
  });

  it('per unit and department, side by side in one report', () => {
    const all = statisticsReport(state, calendar);
    expect(all.byUnit[CENTRE]).toEqual({
      byKind: { mediation: 350, legalConsultation: 38_900 },
      mediated: 330,
      mediatedOnline: 80,
      amountInvolvedFen: 1_574_000_000,
      labourMediated: 200,
      labourAgreedFen: 181 * 100_000,
      consultations: 38_900,
      onlineConsultations: 17_818,
      legalAidCases: 0,
    });
    expect(all.byUnit[LABOUR]).toMatchObject({ byKind: { mediation: 2_519 }, mediated: 2_519, labourMediated: 2_519, labourAgreedFen: 3_131_000_000 });
    expect(all.byUnit[LEGAL_AID]).toMatchObject({ byKind: { legalAid: 2_678 }, legalAidCases: 2_558 });
    expect(all.intake.total).toBe(350 + 2_519 + 38_900 + 2_678);
  });
});
