import { describe, expect, it } from 'vitest';
import { checkWorkflow, deadlineHistory, legalAidWorkflow, legalConsultationWorkflow, publicStatus } from '@casefold/core';
import { calendar } from '../support/fixtures.js';
import { type Played, type Step, play, refusal, submitCommand } from './legalServicesFixtures.js';

const step = (at: string, role: string, unit: string, command: Record<string, unknown>, id?: string): Step => ({ at, role, unit, command, ...(id === undefined ? {} : { id }) });
const byRule = (played: Played, now: string) => Object.fromEntries(deadlineHistory(played.state, now, calendar).map((d) => [d.rule, d]));

describe('legal consultation (legalConsultation@1): given/when/then', () => {
  const W = legalConsultationWorkflow;

  it('the definition passes checkWorkflow', () => {
    expect(checkWorkflow(W)).toEqual([]);
  });

  it('given an online consultation through 12348, when the stationed lawyer answers it on the spot, then it is handled, and closes as settled', () => {
    const asked = play(W, [step('2026-05-05T01:00:00.000Z', 'requester', 'majie', submitCommand('C-1', { channel: 'legalHotline12348' }), 'C-1-a')]);
    expect(asked.state.stage).toBe('submitted');
    expect(publicStatus(asked.state)).toBe('unreviewed');
    const answered = play(
      W,
      [step('2026-05-05T01:20:00.000Z', 'lawyer', 'majie', { type: 'AnswerConsultation', caseId: 'C-1', answer: 'Unpaid wages: apply for labour mediation or arbitration within one year' })],
      asked,
    );
    const event = answered.events.at(-1);
    expect(event?.type).toBe('ConsultationAnswered');
    expect(event?.meta).toMatchObject({ workflow: { id: 'legalConsultation', version: 1 }, stage: 'answered', status: 'handled', deadlines: { started: [], stopped: [] } });
    const closed = play(W, [step('2026-05-05T01:30:00.000Z', 'lawyer', 'majie', { type: 'Close', caseId: 'C-1', referredTo: null, note: null })], answered);
    expect(closed.state.stage).toBe('closed');
    expect(closed.events.at(-1)?.data).toEqual({ outcome: 'settled', referredTo: null, note: null });
    expect(publicStatus(closed.state)).toBe('handled');
  });

  it('given a consultation at the window, when it is referred to the legal-aid desk (首问首办 sends it on), then the route is recorded and the case is handled', () => {
    const referred = play(W, [
      step('2026-05-05T02:00:00.000Z', 'intakeClerk', 'majie', submitCommand('C-2')),
      step('2026-05-05T02:10:00.000Z', 'intakeClerk', 'majie', { type: 'ReferConsultation', caseId: 'C-2', route: 'legalAid', note: 'Low income; wages claim' }),
    ]);
    expect(referred.state.stage).toBe('referred');
    expect(referred.events.at(-1)).toMatchObject({ type: 'ConsultationReferred', data: { route: 'legalAid', note: 'Low income; wages claim' }, meta: { status: 'handled' } });
    expect(referred.state.facts['ConsultationReferred']?.data).toEqual({ route: 'legalAid', note: 'Low income; wages claim' });
  });

  it('when anyone but a lawyer answers, or the route is not one of the centre’s, or a citizen asks at the window, then the command is refused', () => {
    const asked = play(W, [step('2026-05-05T02:00:00.000Z', 'intakeClerk', 'majie', submitCommand('C-3'))]);
    expect(refusal(W, asked, step('2026-05-05T02:05:00.000Z', 'intakeClerk', 'majie', { type: 'AnswerConsultation', caseId: 'C-3', answer: 'a' }))).toBe('RoleNotAllowed');
    expect(refusal(W, asked, step('2026-05-05T02:05:00.000Z', 'lawyer', 'majie', { type: 'ReferConsultation', caseId: 'C-3', route: 'fortuneTeller', note: null }))).toBe('MalformedCommand');
    expect(refusal(W, asked, step('2026-05-05T02:05:00.000Z', 'lawyer', 'majie', { type: 'Close', caseId: 'C-3', referredTo: null, note: null }))).toBe('NotAllowedInStage');
    const atWindow = { state: { ...asked.state, stage: 'new' as const }, events: [] };
    expect(refusal(W, atWindow, step('2026-05-05T02:05:00.000Z', 'requester', 'majie', submitCommand('C-4'), 'C-4-a'))).toBe('InvalidValue');
  });

  it('when the citizen leaves before an answer, then the consultation closes as withdrawn', () => {
    const left = play(W, [
      step('2026-05-05T02:00:00.000Z', 'requester', 'majie', submitCommand('C-5', { channel: 'wechatMiniProgram' }), 'C-5-a'),
      step('2026-05-05T03:00:00.000Z', 'requester', 'majie', { type: 'Withdraw', caseId: 'C-5', reason: 'Found the answer elsewhere' }, 'C-5-a'),
    ]);
    expect(left.state.stage).toBe('closed');
    expect(left.events.at(-1)?.data).toMatchObject({ outcome: 'withdrawn' });
  });
});

describe('legal-aid application (legalAid@1): given/when/then', () => {
  const W = legalAidWorkflow;
  const application = (caseId: string, at: string) => step(at, 'intakeClerk', 'majie', submitCommand(caseId));
  const referToOffice = (caseId: string, at: string) => step(at, 'intakeClerk', 'majie', { type: 'Dispatch', caseId, to: 'xishan-legal-aid', reason: null });
  const officer = (at: string, command: Record<string, unknown>) => step(at, 'legalAidOfficer', 'xishan-legal-aid', command);

  it('the definition passes checkWorkflow', () => {
    expect(checkWorkflow(W)).toEqual([]);
  });

  it('given an application at the centre’s window, then the 7-day decision clock starts on receipt (法律援助法 Art 43), calendar days, not extendable', () => {
    const applied = play(W, [application('A-1', '2026-05-05T01:00:00.000Z')]);
    expect(applied.events[0]?.meta.deadlines.started).toEqual([
      {
        rule: 'legalAid.decision',
        label: 'Decide whether to grant legal aid (审查决定)',
        basis: expect.stringContaining('法律援助法 Art 43') as string,
        amount: 7,
        unit: 'calendarDays',
        maxExtension: 0,
      },
    ]);
    // Received on Tuesday 5 May (Beijing); the start day does not count: due at the end of 12 May.
    expect(byRule(applied, '2026-05-06T00:00:00.000Z')['legalAid.decision']?.dueAt).toBe('2026-05-12T16:00:00.000Z');
    expect(refusal(W, applied, step('2026-05-06T01:00:00.000Z', 'leaderInCharge', 'majie', { type: 'ExtendDeadline', caseId: 'A-1', rule: 'legalAid.decision', by: 3, reason: 'Busy' }))).toBe(
      'NotAllowedInStage',
    );
  });

  it('when the office grants it within 7 days, then the decision clock stops on time and the 3-day assignment clock starts (Art 43); when a provider is assigned and the aid ends, the case closes as settled', () => {
    const granted = play(W, [
      application('A-2', '2026-05-05T01:00:00.000Z'),
      referToOffice('A-2', '2026-05-05T02:00:00.000Z'),
      officer('2026-05-08T02:00:00.000Z', { type: 'GrantLegalAid', caseId: 'A-2', advance: false, note: null }),
    ]);
    expect(granted.state.stage).toBe('granted');
    expect(granted.state.handlingUnit).toBe('xishan-legal-aid');
    expect(granted.events.at(-1)?.meta.deadlines).toMatchObject({ stopped: ['legalAid.decision'], started: [{ rule: 'legalAid.assignment', amount: 3, unit: 'calendarDays' }] });
    const clocks = byRule(granted, '2026-05-08T03:00:00.000Z');
    expect(clocks['legalAid.decision']?.metOnTime).toBe(true);
    expect(clocks['legalAid.assignment']?.dueAt).toBe('2026-05-11T16:00:00.000Z');
    const closed = play(
      W,
      [
        officer('2026-05-09T02:00:00.000Z', { type: 'AssignLegalAid', caseId: 'A-2', provider: 'lawyer-17', organisation: 'law-firm-lvhe' }),
        officer('2026-07-01T02:00:00.000Z', { type: 'Close', caseId: 'A-2', referredTo: null, note: 'Wages recovered through arbitration' }),
      ],
      granted,
    );
    expect(closed.events.map((e) => e.type)).toEqual(['Submitted', 'Routed', 'LegalAidGranted', 'LegalAidAssigned', 'Closed']);
    expect(byRule(closed, '2026-07-01T03:00:00.000Z')['legalAid.assignment']?.metOnTime).toBe(true);
    expect(closed.events.at(-1)).toMatchObject({ data: { outcome: 'settled' }, meta: { status: 'handled', workflow: { id: 'legalAid', version: 1 } } });
  });

  it('when the office refuses it, then the refusal carries its reasons in writing (Art 43), the citizen sees 已拒绝, and it closes as rejected', () => {
    const refused = play(W, [
      application('A-3', '2026-05-05T01:00:00.000Z'),
      referToOffice('A-3', '2026-05-05T02:00:00.000Z'),
      officer('2026-05-13T02:00:00.000Z', { type: 'RefuseLegalAid', caseId: 'A-3', reason: 'notFinanciallyEligible', explanation: 'Household income above the local hardship standard' }),
    ]);
    expect(publicStatus(refused.state)).toBe('rejected');
    // Decided on 13 May: one day late.
    expect(byRule(refused, '2026-05-13T03:00:00.000Z')['legalAid.decision']?.metOnTime).toBe(false);
    expect(refusal(W, refused, officer('2026-05-13T03:00:00.000Z', { type: 'AssignLegalAid', caseId: 'A-3', provider: 'lawyer-17', organisation: null }))).toBe('NotAllowedInStage');
    const closed = play(W, [officer('2026-05-13T04:00:00.000Z', { type: 'Close', caseId: 'A-3', referredTo: null, note: null })], refused);
    expect(closed.events.at(-1)).toMatchObject({ data: { outcome: 'rejected' }, meta: { status: 'rejected' } });
    expect(
      refusal(
        W,
        play(W, [application('A-4', '2026-05-05T01:00:00.000Z')]),
        officer('2026-05-06T01:00:00.000Z', { type: 'RefuseLegalAid', caseId: 'A-4', reason: 'notFinanciallyEligible', explanation: ' ' }),
      ),
    ).toBe('MalformedCommand');
  });

  it('when materials are missing, then the clock pauses while the applicant supplements them, and an applicant who never does is taken to have withdrawn (Art 43)', () => {
    const paused = play(W, [
      application('A-5', '2026-05-05T01:00:00.000Z'),
      referToOffice('A-5', '2026-05-05T02:00:00.000Z'),
      officer('2026-05-06T01:00:00.000Z', { type: 'PauseClock', caseId: 'A-5', rule: 'legalAid.decision', reason: 'supplementingMaterials' }),
    ]);
    expect(byRule(paused, '2026-05-20T00:00:00.000Z')['legalAid.decision']?.breached).toBe(false);
    expect(refusal(W, paused, officer('2026-05-06T02:00:00.000Z', { type: 'PauseClock', caseId: 'A-5', rule: 'legalAid.decision', reason: 'holiday' }))).toBe('InvalidValue');
    const withdrawn = play(W, [officer('2026-06-05T01:00:00.000Z', { type: 'Withdraw', caseId: 'A-5', reason: 'Materials not supplemented (法律援助法 Art 43: deemed withdrawn)' })], paused);
    expect(withdrawn.events.at(-1)).toMatchObject({ type: 'Closed', data: { outcome: 'withdrawn' }, meta: { deadlines: { stopped: ['legalAid.decision'] } } });
  });

  it('when the centre sends it to the labour bureau, then it is refused: a labour bureau takes no legal-aid applications', () => {
    const applied = play(W, [application('A-6', '2026-05-05T01:00:00.000Z')]);
    expect(refusal(W, applied, step('2026-05-05T02:00:00.000Z', 'intakeClerk', 'majie', { type: 'Dispatch', caseId: 'A-6', to: 'xishan-labour', reason: null }))).toBe('NotCompetent');
  });

  it('when an officer of a unit that neither holds nor supervises the case decides, then it is refused', () => {
    const referred = play(W, [application('A-7', '2026-05-05T01:00:00.000Z'), referToOffice('A-7', '2026-05-05T02:00:00.000Z')]);
    expect(refusal(W, referred, step('2026-05-06T01:00:00.000Z', 'legalAidOfficer', 'guandu', { type: 'GrantLegalAid', caseId: 'A-7', advance: true, note: null }))).toBe('NotResponsibleUnit');
  });
});
