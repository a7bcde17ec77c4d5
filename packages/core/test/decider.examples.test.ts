import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decideInput, deadlines, initialState, mediationWorkflow, publicStatus } from '@casefold/core';
import { context, rejectionOf, run, submit } from './support/fixtures.js';

const CNY = 100; // fen per yuan

describe('the source article’s cases', () => {
  it('a tenancy dispute claimed at 200k CNY is settled at 150k and notarized with enforcement effect', () => {
    // given a window request at the Majie centre
    const submitted = run([{ at: '2026-05-05T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('T-1', { claimedAmountFen: 200_000 * CNY }) }]);
    expect(publicStatus(submitted.state)).toBe('unreviewed');
    // when it is accepted, dispatched to the community, mediated, settled and notarized
    const { state, events } = run(
      [
        { at: '2026-05-05T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'T-1', decision: { outcome: 'accepted', note: null } } },
        { at: '2026-05-05T03:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'T-1', to: 'majie-north', reason: null } },
        { at: '2026-05-06T01:00:00.000Z', role: 'mediator', unit: 'majie-north', command: { type: 'StartMediation', caseId: 'T-1', track: 'people' } },
        {
          at: '2026-05-12T08:00:00.000Z',
          role: 'mediator',
          unit: 'majie-north',
          command: {
            type: 'RecordMediation',
            caseId: 'T-1',
            result: {
              outcome: 'agreement',
              form: 'written',
              terms: 'Landlord repays 150,000 CNY in three instalments',
              amountFen: 150_000 * CNY,
              paymentTerms: { dueDate: '2026-08-31', instalments: 3 },
            },
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
      ],
      submitted,
    );
    // then the history and the state tell the story
    expect(events.map((e) => e.type)).toEqual(['Submitted', 'Reviewed', 'Routed', 'MediationStarted', 'Mediated', 'Notarized', 'CallbackRecorded', 'Closed']);
    expect(state.claimedAmountFen).toBe(20_000_000);
    expect(state.agreement).toEqual({ form: 'written', amountFen: 15_000_000, hasPaymentTerms: true });
    expect(state.notarization?.certificateNo).toBe('(2026)云昆证字第123号');
    expect(state.closure?.outcome).toBe('settled');
    expect(state.owner).toBe('majie');
    expect(publicStatus(state)).toBe('handled');
    expect(events.every((e) => e.meta.workflow.id === 'mediation' && e.meta.workflow.version === 2)).toBe(true);
    // the mediation clock started on acceptance and stopped, met, on the agreement
    expect(state.clocks['mediation']?.stoppedAt).toBe('2026-05-12T08:00:00.000Z');
  });

  it('an out-of-area online request is rejected, called back, then closed', () => {
    const { state } = run([
      { at: '2026-05-05T12:00:00.000Z', role: 'requester', unit: 'majie', command: submit('O-1', { channel: 'wechatMiniProgram', area: 'majie-north', summary: 'Neighbour noise in Guandu' }) },
      {
        at: '2026-05-06T01:00:00.000Z',
        role: 'intakeClerk',
        unit: 'majie',
        command: { type: 'Review', caseId: 'O-1', decision: { outcome: 'rejected', reason: 'outOfArea', note: 'The dispute arose in Guandu district' } },
      },
    ]);
    expect(publicStatus(state)).toBe('rejected');
    expect(deadlines(state, '2026-05-06T02:00:00.000Z', calendarFor()).map((d) => d.rule)).toEqual(['rejectionCallback']);
    // when the clerk tries to close before calling back, then it is refused
    const refused = rejectionOf(state, { at: '2026-05-06T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Close', caseId: 'O-1', referredTo: null, note: null } });
    expect(refused).toMatchObject({ code: 'CallbackRequired', purpose: 'rejectionExplained' });
    const closed = run(
      [
        {
          at: '2026-05-06T03:00:00.000Z',
          role: 'intakeClerk',
          unit: 'majie',
          command: { type: 'RecordCallback', caseId: 'O-1', purpose: 'rejectionExplained', reached: true, satisfaction: null, note: 'Told to go to the Guandu centre' },
        },
        { at: '2026-05-06T03:10:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Close', caseId: 'O-1', referredTo: null, note: null } },
      ],
      { state, events: [] },
    ).state;
    expect(closed.closure?.outcome).toBe('rejected');
    expect(publicStatus(closed)).toBe('rejected');
    expect(closed.clocks['rejectionCallback']?.stoppedAt).toBe('2026-05-06T03:00:00.000Z');
  });

  it('a labour dispute is routed to the district labour bureau and runs on the 15-day labour clock', () => {
    const { state, events } = run([
      { at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('L-1', { category: 'labour', summary: 'Three months of wages unpaid' }) },
      { at: '2026-06-01T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'L-1', decision: { outcome: 'accepted', note: null } } },
      { at: '2026-06-01T04:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'L-1', to: 'xishan-labour', reason: 'Labour dispute' } },
    ]);
    expect(state.handlingUnit).toBe('xishan-labour');
    expect(events[2]?.data).toMatchObject({ mode: 'dispatch', from: 'majie', to: 'xishan-labour', toLevel: 'department' });
    const [labour] = deadlines(state, '2026-06-02T00:00:00.000Z', calendarFor());
    expect(labour?.rule).toBe('mediation.labour');
    expect(labour?.basis).toContain('劳动争议调解仲裁法 Art 14');
    // accepted 1 June (Beijing time); 15 calendar days not counting the start day → 16 June 24:00 (a Tuesday)
    expect(labour?.dueAt).toBe('2026-06-16T16:00:00.000Z');
  });

  it('a case is escalated community → sub-district → district, one level at a time', () => {
    const { state } = run([
      { at: '2026-07-01T02:00:00.000Z', role: 'gridWorker', unit: 'grid-7', command: submit('E-1', { channel: 'gridPatrol', receivingUnit: 'grid-7', area: 'grid-7', category: 'neighbour' }) },
      { at: '2026-07-01T03:00:00.000Z', role: 'leaderInCharge', unit: 'grid-7', command: { type: 'Review', caseId: 'E-1', decision: { outcome: 'accepted', note: null } } },
      { at: '2026-07-01T04:00:00.000Z', role: 'gridWorker', unit: 'grid-7', command: { type: 'Escalate', caseId: 'E-1', to: 'majie-north', reason: 'Beyond the grid' } },
      { at: '2026-07-02T04:00:00.000Z', role: 'leaderInCharge', unit: 'majie-north', command: { type: 'Escalate', caseId: 'E-1', to: 'majie', reason: 'Community mediation failed' } },
      { at: '2026-07-03T04:00:00.000Z', role: 'leaderInCharge', unit: 'majie', command: { type: 'Escalate', caseId: 'E-1', to: 'xishan', reason: 'Involves several sub-districts' } },
    ]);
    expect(state.routing.map((s) => `${s.fromLevel}→${s.toLevel}`)).toEqual(['grid→community', 'community→subDistrict', 'subDistrict→district']);
    expect(state.handlingUnit).toBe('xishan');
    expect(state.owner).toBe('grid-7');
  });
});

const calendarFor = () => calendar;
import { calendar } from './support/fixtures.js';

describe('review', () => {
  const { state } = run([{ at: '2026-09-28T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('R-1') }]);

  it('starts a 3-day review deadline that, ending in the National Day holiday, moves to the next working day', () => {
    const [review] = deadlines(state, '2026-09-28T03:00:00.000Z', calendar);
    expect(review?.rule).toBe('review');
    // start day 28 Sep not counted; 3 days → 1 Oct, a holiday → 8 Oct 24:00 Beijing time
    expect(review?.dueAt).toBe('2026-10-08T16:00:00.000Z');
    expect(review?.breached).toBe(false);
    expect(deadlines(state, '2026-10-09T01:00:00.000Z', calendar)[0]?.breached).toBe(true);
  });

  it('refuses a rejection reason the workflow does not know', () => {
    expect(
      rejectionOf(state, {
        at: '2026-09-28T03:00:00.000Z',
        role: 'intakeClerk',
        unit: 'majie',
        command: { type: 'Review', caseId: 'R-1', decision: { outcome: 'rejected', reason: 'tooBusy', note: 'x' } },
      }),
    ).toMatchObject({
      code: 'InvalidValue',
      field: 'reason',
    });
  });

  it('refuses a role the workflow does not allow, and a unit not responsible for the case', () => {
    expect(
      rejectionOf(state, { at: '2026-09-28T03:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'Review', caseId: 'R-1', decision: { outcome: 'accepted', note: null } } }).code,
    ).toBe('RoleNotAllowed');
    expect(
      rejectionOf(state, { at: '2026-09-28T03:00:00.000Z', role: 'intakeClerk', unit: 'guandu', command: { type: 'Review', caseId: 'R-1', decision: { outcome: 'accepted', note: null } } }).code,
    ).toBe('NotResponsibleUnit');
  });

  it('refuses a decision dated before the case’s last event', () => {
    expect(
      rejectionOf(state, { at: '2026-09-27T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'R-1', decision: { outcome: 'accepted', note: null } } }).code,
    ).toBe('TimeWentBackwards');
  });
});

describe('routing', () => {
  const accepted = run([
    { at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('D-1', { category: 'labour' }) },
    { at: '2026-06-01T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'D-1', decision: { outcome: 'accepted', note: null } } },
  ]);

  it('refuses to dispatch out of reach: another district’s department', () => {
    expect(
      rejectionOf(accepted.state, { at: '2026-06-01T04:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'D-1', to: 'guandu-labour', reason: null } }),
    ).toMatchObject({ code: 'UnitOutOfReach', from: 'majie', to: 'guandu-labour' });
  });

  it('refuses an unknown unit', () => {
    expect(
      rejectionOf(accepted.state, { at: '2026-06-01T04:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'D-1', to: 'atlantis', reason: null } }),
    ).toMatchObject({ code: 'UnknownUnit', unitId: 'atlantis' });
  });

  it('returns a case to its sender with a reason', () => {
    const { state } = run(
      [
        { at: '2026-06-01T04:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'D-1', to: 'xizhan', reason: null } },
        { at: '2026-06-01T05:00:00.000Z', role: 'leaderInCharge', unit: 'xizhan', command: { type: 'ReturnToSender', caseId: 'D-1', reason: 'The parties live in Majie North' } },
      ],
      accepted,
    );
    expect(state.handlingUnit).toBe('majie');
    expect(state.stage).toBe('accepted');
    expect(state.routing.at(-1)).toMatchObject({ mode: 'return', from: 'xizhan', to: 'majie', reason: 'The parties live in Majie North' });
  });

  it('refuses escalation that skips a level, or goes sideways', () => {
    const atCommunity = run([{ at: '2026-06-01T04:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'D-1', to: 'majie-north', reason: null } }], accepted);
    expect(
      rejectionOf(atCommunity.state, { at: '2026-06-01T05:00:00.000Z', role: 'leaderInCharge', unit: 'majie-north', command: { type: 'Escalate', caseId: 'D-1', to: 'xishan', reason: 'Skip' } }),
    ).toMatchObject({ code: 'EscalationMustGoOneLevelUp', expected: 'majie' });
    expect(
      rejectionOf(atCommunity.state, { at: '2026-06-01T05:00:00.000Z', role: 'leaderInCharge', unit: 'majie-north', command: { type: 'Escalate', caseId: 'D-1', to: 'xizhan', reason: 'Sideways' } })
        .code,
    ).toBe('EscalationMustGoOneLevelUp');
  });

  it('dispatches only to a department competent for the category (the labour bureau takes labour cases)', () => {
    const tenancy = run([
      { at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('D-2') },
      { at: '2026-06-01T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'D-2', decision: { outcome: 'accepted', note: null } } },
    ]);
    expect(
      rejectionOf(tenancy.state, { at: '2026-06-01T04:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'D-2', to: 'xishan-labour', reason: null } }),
    ).toMatchObject({
      code: 'NotCompetent',
      unitId: 'xishan-labour',
      departmentKind: 'laborBureau',
      category: 'tenancy',
      competentFor: ['labour'],
    });
    const atBureau = run([{ at: '2026-06-01T04:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'D-1', to: 'xishan-labour', reason: null } }], accepted);
    expect(atBureau.state.handlingUnit).toBe('xishan-labour');
  });

  it('refuses to escalate from a functional department (it returns the case instead)', () => {
    const atBureau = run([{ at: '2026-06-01T04:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'D-1', to: 'xishan-labour', reason: null } }], accepted);
    expect(
      rejectionOf(atBureau.state, { at: '2026-06-01T05:00:00.000Z', role: 'leaderInCharge', unit: 'xishan-labour', command: { type: 'Escalate', caseId: 'D-1', to: 'xishan', reason: 'Up' } }).code,
    ).toBe('EscalationNotPossible');
  });
});

describe('mediation, notarization, deadlines and closing', () => {
  const inMediation = run([
    { at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('M-1') },
    { at: '2026-06-01T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'M-1', decision: { outcome: 'accepted', note: null } } },
    { at: '2026-06-02T03:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'StartMediation', caseId: 'M-1', track: 'people' } },
  ]);

  it('closes only after a call-back that reached the citizen, or three recorded attempts (version 2)', () => {
    const noAgreement = run(
      [{ at: '2026-06-03T03:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'RecordMediation', caseId: 'M-1', result: { outcome: 'noAgreement', reason: 'Parties far apart' } } }],
      inMediation,
    );
    const attempt = (at: string) => ({
      at,
      role: 'followUpAgent' as const,
      unit: 'majie',
      command: { type: 'RecordCallback', caseId: 'M-1', purpose: 'followUp', reached: false, satisfaction: null, note: null },
    });
    const close = (at: string) => ({ at, role: 'intakeClerk' as const, unit: 'majie', command: { type: 'Close', caseId: 'M-1', referredTo: null, note: null } });
    const once = run([attempt('2026-06-04T03:00:00.000Z')], noAgreement);
    expect(rejectionOf(once.state, close('2026-06-04T04:00:00.000Z'))).toMatchObject({ code: 'CallbackRequired', purpose: 'followUp' });
    const thrice = run([attempt('2026-06-05T03:00:00.000Z'), attempt('2026-06-06T03:00:00.000Z')], once);
    expect(run([close('2026-06-06T04:00:00.000Z')], thrice).state.closure?.outcome).toBe('notSettled');
    const reached = run([{ ...attempt('2026-06-04T05:00:00.000Z'), command: { ...attempt('').command, reached: true } }], noAgreement);
    expect(run([close('2026-06-04T06:00:00.000Z')], reached).state.stage).toBe('closed');
  });

  it('starts the labour-mediation clock when the application is received (劳动争议调解仲裁法 Art 14), not at acceptance', () => {
    const labour = run([
      { at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('L-1', { category: 'labour' }) },
      { at: '2026-06-03T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'L-1', decision: { outcome: 'accepted', note: null } } },
    ]);
    expect(labour.state.clocks['mediation.labour']?.startedAt).toBe('2026-06-01T02:00:00.000Z');
    expect(labour.state.clocks['mediation']).toBeUndefined();
  });

  it('records the co-mediators, lawyers and notaries taking part in a mediation', () => {
    const participants = [
      { id: 'lawyer-9', role: 'lawyer', organisation: 'yunnan-law-firm' },
      { id: 'notary-3', role: 'notary', organisation: 'km-notary-1' },
    ];
    const started = run([
      { at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('P-1') },
      { at: '2026-06-01T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'P-1', decision: { outcome: 'accepted', note: null } } },
      { at: '2026-06-02T03:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'StartMediation', caseId: 'P-1', track: 'people', participants } },
    ]);
    expect(started.state.mediation?.participants).toEqual(participants);
    expect(started.events.at(-1)?.data).toMatchObject({ participants });
  });

  it('refuses notarization of an oral agreement or one without payment terms', () => {
    const oral = run(
      [
        {
          at: '2026-06-03T03:00:00.000Z',
          role: 'mediator',
          unit: 'majie',
          command: { type: 'RecordMediation', caseId: 'M-1', result: { outcome: 'agreement', form: 'oral', terms: 'Apologise', amountFen: 0, paymentTerms: null } },
        },
      ],
      inMediation,
    );
    expect(
      rejectionOf(oral.state, { at: '2026-06-04T03:00:00.000Z', role: 'notary', unit: 'kunming', command: { type: 'Notarize', caseId: 'M-1', notaryOffice: 'n', certificateNo: 'c' } }),
    ).toMatchObject({ code: 'NotarizationNeedsWrittenPaymentAgreement', form: 'oral' });
  });

  it('refuses a payment due date that does not exist', () => {
    expect(
      rejectionOf(inMediation.state, {
        at: '2026-06-03T03:00:00.000Z',
        role: 'mediator',
        unit: 'majie',
        command: { type: 'RecordMediation', caseId: 'M-1', result: { outcome: 'agreement', form: 'written', terms: 'Pay', amountFen: 100, paymentTerms: { dueDate: '2026-02-30', instalments: 1 } } },
      }),
    ).toMatchObject({ code: 'InvalidValue', field: 'result.paymentTerms.dueDate' });
  });

  it('extends the 30-day mediation deadline with an approver and a reason, within its limit', () => {
    const before = deadlines(inMediation.state, '2026-06-05T00:00:00.000Z', calendar).find((d) => d.rule === 'mediation');
    const { state, events } = run(
      [{ at: '2026-06-05T03:00:00.000Z', role: 'leaderInCharge', unit: 'majie', command: { type: 'ExtendDeadline', caseId: 'M-1', rule: 'mediation', by: 10, reason: 'Parties agreed to continue' } }],
      inMediation,
    );
    const after = deadlines(state, '2026-06-05T04:00:00.000Z', calendar).find((d) => d.rule === 'mediation');
    expect(before?.dueAt).toBe('2026-07-01T16:00:00.000Z');
    expect(after?.dueAt).toBe('2026-07-13T16:00:00.000Z'); // 11 Jul 24:00 is a Saturday → Monday 13 Jul
    expect(after?.extendedBy).toBe(10);
    expect(events.at(-1)?.meta.actor).toEqual({ id: 'leaderInCharge@majie', role: 'leaderInCharge', unit: 'majie' });
    expect(
      rejectionOf(state, { at: '2026-06-05T05:00:00.000Z', role: 'leaderInCharge', unit: 'majie', command: { type: 'ExtendDeadline', caseId: 'M-1', rule: 'mediation', by: 21, reason: 'More' } }),
    ).toMatchObject({ code: 'ExtensionExceedsLimit', maxExtension: 30, requestedTotal: 31 });
  });

  it('pauses the clock for a hearing and shifts the due time by the paused time', () => {
    const { state } = run(
      [
        { at: '2026-06-03T00:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'PauseClock', caseId: 'M-1', rule: 'mediation', reason: 'appraisal' } },
        { at: '2026-06-05T00:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'ResumeClock', caseId: 'M-1', rule: 'mediation' } },
      ],
      inMediation,
    );
    const mediation = deadlines(state, '2026-06-06T00:00:00.000Z', calendar).find((d) => d.rule === 'mediation');
    expect(mediation?.dueAt).toBe('2026-07-03T16:00:00.000Z'); // two days later than 1 Jul 24:00
    expect(rejectionOf(state, { at: '2026-06-06T00:00:00.000Z', role: 'mediator', unit: 'majie', command: { type: 'ResumeClock', caseId: 'M-1', rule: 'mediation' } }).code).toBe('ClockNotPaused');
  });

  it('closes a failed mediation with a referral to arbitration after the follow-up call', () => {
    const { state } = run(
      [
        {
          at: '2026-06-10T03:00:00.000Z',
          role: 'mediator',
          unit: 'majie',
          command: { type: 'RecordMediation', caseId: 'M-1', result: { outcome: 'noAgreement', reason: 'Respondent refuses any payment' } },
        },
        {
          at: '2026-06-11T03:00:00.000Z',
          role: 'followUpAgent',
          unit: 'majie',
          command: { type: 'RecordCallback', caseId: 'M-1', purpose: 'followUp', reached: true, satisfaction: 'basicallySatisfied', note: null },
        },
        { at: '2026-06-11T04:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Close', caseId: 'M-1', referredTo: 'arbitration', note: null } },
      ],
      inMediation,
    );
    expect(state.closure).toEqual({ outcome: 'notSettled', referredTo: 'arbitration', at: '2026-06-11T04:00:00.000Z' });
    // closed is terminal
    expect(rejectionOf(state, { at: '2026-06-12T00:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'RaiseSupervision', caseId: 'M-1', level: 'red', reason: 'late' } }).code).toBe(
      'NotAllowedInStage',
    );
    expect(deadlines(state, '2026-06-12T00:00:00.000Z', calendar)).toEqual([]);
  });

  it('lets the requester withdraw before mediation, and raises supervision only upwards', () => {
    const accepted = run([{ at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('W-1') }]);
    // a citizen acts only on their own case: the applicant p-1 may withdraw it, another citizen may not
    expect(
      rejectionOf(accepted.state, { at: '2026-06-01T05:00:00.000Z', role: 'requester', unit: 'majie', id: 'p-9', command: { type: 'Withdraw', caseId: 'W-1', reason: 'Not mine' } }),
    ).toMatchObject({ code: 'NotAParty', actorId: 'p-9' });
    expect(
      rejectionOf(accepted.state, { at: '2026-06-01T05:00:00.000Z', role: 'requester', unit: 'majie', id: 'p-2', command: { type: 'Withdraw', caseId: 'W-1', reason: 'The respondent' } }),
    ).toMatchObject({ code: 'NotAParty' });
    const withdrawn = run([{ at: '2026-06-01T05:00:00.000Z', role: 'requester', unit: 'majie', id: 'p-1', command: { type: 'Withdraw', caseId: 'W-1', reason: 'Settled privately' } }], accepted);
    expect(withdrawn.state.closure?.outcome).toBe('withdrawn');
    const red = run([{ at: '2026-06-04T00:00:00.000Z', role: 'leaderInCharge', unit: 'majie', command: { type: 'RaiseSupervision', caseId: 'M-1', level: 'red', reason: 'Overdue' } }], inMediation);
    expect(red.state.supervision).toBe('red');
    expect(
      rejectionOf(red.state, { at: '2026-06-04T01:00:00.000Z', role: 'leaderInCharge', unit: 'majie', command: { type: 'RaiseSupervision', caseId: 'M-1', level: 'yellow', reason: 'x' } }).code,
    ).toBe('SupervisionNotRaised');
  });
});

describe('bad input', () => {
  it('names every failing field of a malformed command', () => {
    const result = decideInput(
      { type: 'Submit', commandId: 'c', caseId: '', channel: 'window', category: 'x', summary: '  ', receivingUnit: 'majie', area: 'majie', claimedAmountFen: 12.5, parties: [] },
      initialState,
      context('2026-01-01T00:00:00.000Z', 'intakeClerk', 'majie'),
    );
    expect(E.isLeft(result) && result.left.code).toBe('MalformedCommand');
    const paths = E.isLeft(result) && result.left.code === 'MalformedCommand' && 'errors' in result.left ? result.left.errors.map((e) => e.path) : [];
    expect(paths).toEqual(expect.arrayContaining(['caseId', 'summary', 'claimedAmountFen']));
  });

  it('never shows personal data in its messages: a value inside pii is named by its kind only', () => {
    const parties = [{ subjectId: 'p-1', side: 'applicant', pii: { name: 'Zhang San', phone: 13900000000, idNumber: ['530102199001011234'] } }];
    const result = decideInput({ ...submit('P-1'), parties }, initialState, context('2026-01-01T00:00:00.000Z', 'intakeClerk', 'majie'));
    const errors = E.isLeft(result) && result.left.code === 'MalformedCommand' && 'errors' in result.left ? result.left.errors : [];
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'parties.0.pii.phone', message: expect.stringMatching(/got a number$/) })]));
    const text = E.isLeft(result) ? `${result.left.message} ${JSON.stringify(errors)}` : '';
    expect(text).not.toMatch(/13900000000|530102199001011234/);
    // Outside pii, values are still shown, to say what was wrong.
    const amount = decideInput({ ...submit('P-2'), claimedAmountFen: -5 }, initialState, context('2026-01-01T00:00:00.000Z', 'intakeClerk', 'majie'));
    expect(E.isLeft(amount) && amount.left.message).toMatch(/claimedAmountFen: expected .*, got -5/);
  });

  it('refuses an actor whose unit is not in the directory, or whose role is unknown, as InvalidContext', () => {
    const unknownUnit = decideInput(submit('U-1'), initialState, context('2026-01-01T00:00:00.000Z', 'intakeClerk', 'nowhere'));
    expect(E.isLeft(unknownUnit) && unknownUnit.left).toMatchObject({
      code: 'InvalidContext',
      errors: [{ path: 'actor.unit', message: expect.stringContaining('"nowhere" is not a unit of the directory') }],
    });
    const unknownRole = decideInput(submit('U-2'), initialState, context('2026-01-01T00:00:00.000Z', 'king' as never, 'majie'));
    expect(E.isLeft(unknownRole) && unknownRole.left).toMatchObject({
      code: 'InvalidContext',
      errors: [{ path: 'actor.role', message: expect.stringMatching(/^expected a role of the workflow \(requester, intakeClerk, .*\), got "king"$/) }],
    });
  });

  it('tells a clerk of another unit which unit received the request and what to change', () => {
    const result = decideInput(submit('U-3'), initialState, context('2026-01-01T00:00:00.000Z', 'intakeClerk', 'majie-north'));
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'NotResponsibleUnit', actorUnit: 'majie-north', handlingUnit: 'majie' });
    expect(E.isLeft(result) && result.left.message).toBe(
      'Only staff of the receiving unit "majie" record a request received there, and the actor works for "majie-north": set receivingUnit to "majie-north", or act as staff of "majie".',
    );
  });

  it('names an unknown command type', () => {
    const result = decideInput({ type: 'Teleport', caseId: 'x' }, initialState, context('2026-01-01T00:00:00.000Z', 'intakeClerk', 'majie'));
    expect(E.isLeft(result) && result.left.message).toContain('unknown command type "Teleport"');
  });

  it('refuses an impossible date as now, and an unknown case', () => {
    const badNow = decideInput(submit('X'), initialState, context('2026-02-30T00:00:00.000Z', 'intakeClerk', 'majie'));
    expect(E.isLeft(badNow) && badNow.left.code).toBe('InvalidContext');
    expect(
      rejectionOf(initialState, { at: '2026-01-01T00:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'nope', decision: { outcome: 'accepted', note: null } } })
        .code,
    ).toBe('CaseNotFound');
  });

  it('refuses a case decided under another workflow version', () => {
    const { state } = run([{ at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('V-1') }]);
    const result = decideInput({ type: 'Review', commandId: 'c', caseId: 'V-1', decision: { outcome: 'accepted', note: null } }, state, {
      ...context('2026-06-01T03:00:00.000Z', 'intakeClerk', 'majie'),
      workflow: { ...mediationWorkflow, version: 3 },
    });
    expect(E.isLeft(result) && result.left).toMatchObject({ code: 'WorkflowMismatch', caseWorkflow: 'mediation@2', givenWorkflow: 'mediation@3' });
  });

  it('refuses submitting twice, an unknown channel, and a requester at a window', () => {
    const { state } = run([{ at: '2026-06-01T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('S-1') }]);
    expect(rejectionOf(state, { at: '2026-06-01T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('S-1') as never }).code).toBe('CaseAlreadyExists');
    expect(rejectionOf(initialState, { at: '2026-06-01T03:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('S-2', { channel: 'pigeon' }) as never })).toMatchObject({
      code: 'InvalidValue',
      field: 'channel',
    });
    expect(rejectionOf(initialState, { at: '2026-06-01T03:00:00.000Z', role: 'requester', unit: 'majie', command: submit('S-3') as never })).toMatchObject({ code: 'InvalidValue', field: 'channel' });
  });
});
