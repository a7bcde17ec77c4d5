import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type CaseState, FINAL_PETITION_MATTERS, OPEN_PETITION_MATTERS, checkWorkflow, deadlineHistory, deadlines, decideInput, petitionWorkflow, publicStatus } from '@casefold/core';
import { calendar, directory } from '../support/fixtures.js';
import { CASE, NO_CASE, type PetitionCase, accepted, day, finalAfterReReview, opinionIssued, play, refusal, register, registered, submitPetition } from './petitionFixtures.js';

/*
 * One given/when/then example per rule of docs/domain.md §3b (P1–P16) that the petition
 * workflow implements, each naming its article of the 信访工作条例 (2022).
 */

/** The due time (UTC) of a clock of the case, running or stopped, on the fixture calendar. */
const dueOf = (state: CaseState, rule: string, now: string): string | null => deadlineHistory(state, now, calendar).find((d) => d.rule === rule)?.dueAt ?? null;
const running = (state: CaseState, now: string): readonly string[] =>
  deadlines(state, now, calendar)
    .map((d) => d.rule)
    .sort();
/** 24:00 Beijing time at the end of `date`, in UTC. */
const endOf = (date: string): string => `${date}T16:00:00.000Z`;
const typesOf = (c: PetitionCase): readonly string[] => c.events.map((e) => e.type);

describe('the petition workflow is a valid workflow', () => {
  it('checkWorkflow finds nothing wrong with it', () => {
    expect(checkWorkflow(petitionWorkflow)).toEqual([]);
  });
});

describe('P1 registration (Arts 19–21)', () => {
  it('P1 Art 19: a letter is received and registered with its matter key; the petitioner sees it as unreviewed', () => {
    const c = registered();
    expect(typesOf(c)).toEqual(['Submitted', 'PetitionRegistered']);
    expect(c.state.stage).toBe('registered');
    expect(c.state.channel).toBe('letter');
    expect(c.state.facts['PetitionRegistered']?.data).toEqual({ matterKey: 'matter-shop-17', representatives: 1, materialWithheldFromAccused: false });
    expect(publicStatus(c.state)).toBe('unreviewed');
  });

  it('P1 Art 17: the channels are web, letter, phone, fax and visit; any other is refused', () => {
    for (const channel of ['web', 'letter', 'phone', 'fax', 'visit']) expect(registered({ channel }).state.channel).toBe(channel);
    expect(refusal(NO_CASE, { at: day('2026-05-04'), role: 'petitionOfficer', unit: 'xishan', command: submitPetition({ channel: 'wechat' }) })).toMatchObject({
      code: 'InvalidValue',
      field: 'channel',
    });
  });

  it('P1 Art 21: a petitioner submits online through the web channel only', () => {
    const online = play([{ at: day('2026-05-04'), role: 'petitioner', unit: 'xishan', id: 'petitioner-1', command: submitPetition({ channel: 'web' }) }]);
    expect(online.state.stage).toBe('received');
    const byLetter = refusal(NO_CASE, { at: day('2026-05-04'), role: 'petitioner', unit: 'xishan', id: 'petitioner-1', command: submitPetition() });
    expect(byLetter).toMatchObject({ code: 'InvalidValue', field: 'channel' });
  });

  it('P1 Art 20: a group visit with 6 representatives is refused; with 5 it is registered', () => {
    const visit = play([{ at: day('2026-05-04'), role: 'petitionOfficer', unit: 'xishan', command: submitPetition({ channel: 'visit' }) }]);
    const six = refusal(visit, { at: day('2026-05-04'), role: 'petitionOfficer', unit: 'xishan', command: register({ representatives: 6 }) });
    expect(six).toMatchObject({ code: 'TooManyRepresentatives', guard: 'groupVisitRepresentatives', workflow: 'petition@1' });
    expect(visit.state.stage).toBe('received');
    const five = play([{ at: day('2026-05-04'), role: 'petitionOfficer', unit: 'xishan', command: register({ representatives: 5 }) }], visit);
    expect(five.state.facts['PetitionRegistered']?.data['representatives']).toBe(5);
  });

  it('P1 Art 20: the limit is on visits; a joint letter signed by 12 people is registered', () => {
    expect(registered({}, { representatives: 12 }).state.stage).toBe('registered');
  });
});

describe('P2 transfer or assignment (Art 22)', () => {
  it('P2 Art 22: the bureau transfers the registered matter within 15 days; the transfer clock stops, met', () => {
    const c = registered();
    expect(dueOf(c.state, 'transfer', day('2026-05-04'))).toBe(endOf('2026-05-19'));
    const transferred = play([{ at: day('2026-05-06'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'Dispatch', caseId: CASE, to: 'majie', reason: null } }], c);
    expect(transferred.state.stage).toBe('routed');
    expect(transferred.state.handlingUnit).toBe('majie');
    expect(deadlineHistory(transferred.state, day('2026-05-06'), calendar).find((d) => d.rule === 'transfer')?.metOnTime).toBe(true);
  });

  it('P2 Art 22: a transfer after 15 days shows as late', () => {
    const late = play([{ at: day('2026-05-21'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'Dispatch', caseId: CASE, to: 'majie', reason: null } }], registered());
    expect(deadlineHistory(late.state, day('2026-05-21'), calendar).find((d) => d.rule === 'transfer')?.metOnTime).toBe(false);
  });
});

describe('P3 receipt notice (Art 23)', () => {
  it('P3 Art 23 para 3: the receiving organ tells the petitioner within 15 days of receiving a transferred matter', () => {
    const c = accepted();
    const notice = deadlineHistory(c.state, day('2026-05-08'), calendar).find((d) => d.rule === 'receiptNotice.transferred');
    expect(notice).toMatchObject({ startedAt: day('2026-05-06'), dueAt: endOf('2026-05-21'), stoppedAt: day('2026-05-08'), metOnTime: true });
    expect(c.state.stage).toBe('accepted');
    expect(publicStatus(c.state)).toBe('pending');
  });

  it('P3 Art 23 para 2: a matter received directly starts its own 15-day notice clock on registration', () => {
    expect(running(registered().state, day('2026-05-04'))).toEqual(['receiptNotice.direct', 'transfer']);
    expect(dueOf(registered().state, 'receiptNotice.direct', day('2026-05-04'))).toBe(endOf('2026-05-19'));
  });

  it('P3 Art 23: a matter not accepted is closed only after the petitioner was told in writing', () => {
    const notAccepted = play(
      [
        {
          at: day('2026-05-05'),
          role: 'handlingOfficer',
          unit: 'xishan',
          command: { type: 'Review', caseId: CASE, decision: { outcome: 'rejected', reason: 'outsideScope', note: 'Not a petition matter' } },
        },
      ],
      registered(),
    );
    expect(publicStatus(notAccepted.state)).toBe('rejected');
    const close = { at: day('2026-05-06'), role: 'petitionOfficer' as const, unit: 'xishan', command: { type: 'Close', caseId: CASE, referredTo: null, note: null } };
    expect(refusal(notAccepted, close)).toMatchObject({ code: 'NoticeRequired', guard: 'nonAcceptanceNotified' });
    const told = play([{ at: day('2026-05-06'), role: 'handlingOfficer', unit: 'xishan', command: { type: 'SendReceiptNotice', caseId: CASE, form: 'written' } }, close], notAccepted);
    expect(told.state.closure?.outcome).toBe('rejected');
    expect(publicStatus(told.state)).toBe('rejected');
  });
});

describe('P4 jurisdiction objection (Arts 23–24)', () => {
  const dispatchedOn = (date: string) => play([{ at: day(date), role: 'petitionOfficer', unit: 'xishan', command: { type: 'Dispatch', caseId: CASE, to: 'majie', reason: null } }], registered({}, {}));

  it('P4 Art 23 para 3: the objection window is 5 working days, counted past the National Day holidays and with the make-up Saturday', () => {
    // Dispatched Tue 29 Sep: 30 Sep (1), 8 Oct (2), 9 Oct (3), Sat 10 Oct make-up day (4), Mon 12 Oct (5).
    const c = dispatchedOn('2026-09-29');
    expect(dueOf(c.state, 'objection', day('2026-09-29'))).toBe(endOf('2026-10-12'));
  });

  it('P4 Art 23 para 3: the organ objects; the materials go back only when the sender agrees, and the sender transfers again', () => {
    const objected = play(
      [{ at: day('2026-05-07'), role: 'handlingOfficer', unit: 'majie', command: { type: 'ObjectToJurisdiction', caseId: CASE, reason: 'Compensation is set by the district housing bureau' } }],
      dispatchedOn('2026-05-06'),
    );
    expect(objected.state.stage).toBe('objected');
    expect(deadlineHistory(objected.state, day('2026-05-07'), calendar).find((d) => d.rule === 'objection')?.metOnTime).toBe(true);
    // The objecting organ cannot send it back itself: the sender (the bureau) agrees by returning it.
    const selfReturn = refusal(objected, { at: day('2026-05-07'), role: 'handlingOfficer', unit: 'majie', command: { type: 'ReturnToSender', caseId: CASE, reason: 'Not ours' } });
    expect(selfReturn.code).toBe('RoleNotAllowed');
    const again = play(
      [
        { at: day('2026-05-08'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'ReturnToSender', caseId: CASE, reason: 'Objection agreed' } },
        { at: day('2026-05-08'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'Dispatch', caseId: CASE, to: 'xishan-labour', reason: 'Wage part of the claim' } },
      ],
      objected,
    );
    expect(again.state.stage).toBe('routed');
    expect(again.state.handlingUnit).toBe('xishan-labour');
    expect(again.state.routing.map((r) => r.mode)).toEqual(['dispatch', 'return', 'dispatch']);
  });
});

describe('P5 redirection (Arts 19, 23)', () => {
  it('P5 Art 23 para 1: outside its remit, the organ tells the petitioner where to go; the case shows as rejected and closes so', () => {
    const c = play(
      [
        {
          at: day('2026-05-05'),
          role: 'petitionOfficer',
          unit: 'xishan',
          command: { type: 'RedirectPetitioner', caseId: CASE, route: 'litigation', explanation: 'A contract dispute: sue at the district court' },
        },
        { at: day('2026-05-06'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'Close', caseId: CASE, referredTo: null, note: null } },
      ],
      registered(),
    );
    expect(typesOf(c)).toEqual(['Submitted', 'PetitionRegistered', 'PetitionerRedirected', 'Closed']);
    expect(c.state.closure?.outcome).toBe('rejected');
    expect(publicStatus(c.state)).toBe('rejected');
  });

  it('P5 Art 19: a matter some organ is handling already is not registered again', () => {
    const received = play([{ at: day('2026-05-04'), role: 'petitionOfficer', unit: 'kunming', command: submitPetition({ receivingUnit: 'kunming' }) }]);
    const step = { at: day('2026-05-04'), role: 'petitionOfficer' as const, unit: 'kunming', command: register(), known: { [OPEN_PETITION_MATTERS]: ['matter-shop-17'] } };
    expect(refusal(received, step)).toMatchObject({ code: 'MatterAlreadyBeingHandled', guard: 'matterNotAlreadyBeingHandled' });
    expect(play([{ ...step, known: { [OPEN_PETITION_MATTERS]: ['matter-other'] } }], received).state.stage).toBe('registered');
  });
});

describe('P6 routing into a legal procedure (Art 31(1)–(5))', () => {
  it('P6 Art 31: an accepted grievance belonging to arbitration is sent there and closes referred to it', () => {
    const c = play(
      [
        {
          at: day('2026-05-09'),
          role: 'handlingOfficer',
          unit: 'majie',
          command: { type: 'RouteToProcedure', caseId: CASE, procedure: 'arbitration', note: 'Labour dispute: labour arbitration commission' },
        },
        { at: day('2026-05-10'), role: 'handlingOfficer', unit: 'majie', command: { type: 'Close', caseId: CASE, referredTo: 'arbitration', note: null } },
      ],
      accepted(),
    );
    expect(c.state.closure).toMatchObject({ outcome: 'notSettled', referredTo: 'arbitration' });
    expect(deadlineHistory(c.state, day('2026-05-10'), calendar).find((d) => d.rule === 'handling')?.stoppedAt).toBe(day('2026-05-09'));
  });
});

describe('P7 investigation (Art 31(6))', () => {
  it('P7 Art 31(6): the organ starts investigating an accepted grievance, a hearing planned; the handling clock keeps running', () => {
    const c = play([{ at: day('2026-05-11'), role: 'handlingOfficer', unit: 'majie', command: { type: 'StartInvestigation', caseId: CASE, hearingPlanned: true } }], accepted());
    expect(c.state.stage).toBe('underHandling');
    expect(publicStatus(c.state)).toBe('pending');
    expect(running(c.state, day('2026-05-11'))).toEqual(['handling']);
  });
});

describe('P8 handling limit and extension (Art 34)', () => {
  const investigating = () => play([{ at: day('2026-05-11'), role: 'handlingOfficer', unit: 'majie', command: { type: 'StartInvestigation', caseId: CASE, hearingPlanned: false } }], accepted());
  const extend = (by: number, role: 'headOfOrgan' | 'handlingOfficer' = 'headOfOrgan') => ({
    at: day('2026-06-30'),
    role,
    unit: 'majie',
    command: { type: 'ExtendDeadline', caseId: CASE, rule: 'handling', by, reason: 'Waiting for the land survey' },
  });

  it('P8 Art 34: the handling limit is 60 days from acceptance', () => {
    expect(dueOf(investigating().state, 'handling', day('2026-05-11'))).toBe(endOf('2026-07-07'));
  });

  it('P8 Art 34: the head of the organ extends by 30 days at most; the due date moves by the extension', () => {
    const extended = play([extend(20)], investigating());
    expect(dueOf(extended.state, 'handling', day('2026-06-30'))).toBe(endOf('2026-07-27'));
    expect(refusal(extended, extend(11))).toMatchObject({ code: 'ExtensionExceedsLimit', maxExtension: 30, requestedTotal: 31 });
    expect(dueOf(play([extend(10)], extended).state, 'handling', day('2026-06-30'))).toBe(endOf('2026-08-06'));
  });

  it('P8 Art 34: an extension beyond 30 days is refused', () => {
    expect(refusal(investigating(), extend(31))).toMatchObject({ code: 'ExtensionExceedsLimit', requestedTotal: 31 });
  });

  it('P8 Art 34: only the head of the organ approves an extension', () => {
    expect(refusal(investigating(), extend(10, 'handlingOfficer'))).toMatchObject({ code: 'RoleNotAllowed', allowedRoles: ['headOfOrgan'] });
  });

  it('P8 Art 34: after an extension, the decision letter waits until the petitioner was told the reason', () => {
    const extended = play([extend(20)], investigating());
    const serve = {
      at: day('2026-07-20'),
      role: 'handlingOfficer' as const,
      unit: 'majie',
      command: { type: 'ServeDecisionLetter', caseId: CASE, outcome: 'support', letterNo: 'L-9', basis: 'Art 32' },
    };
    expect(refusal(extended, serve)).toMatchObject({ code: 'ExtensionReasonNotTold' });
    const told = play([{ at: day('2026-07-01'), role: 'handlingOfficer', unit: 'majie', command: { type: 'NotifyExtension', caseId: CASE, reason: 'Waiting for the land survey' } }, serve], extended);
    expect(told.state.stage).toBe('opinionIssued');
    // No extension, nothing to tell.
    expect(refusal(investigating(), { at: day('2026-07-01'), role: 'handlingOfficer', unit: 'majie', command: { type: 'NotifyExtension', caseId: CASE, reason: 'x' } }).code).toBe(
      'NoExtensionToNotify',
    );
  });
});

describe('P9 decision letter (Art 32)', () => {
  it('P9 Art 32: the letter is served with one of three outcomes; the handling clock stops, the review window opens', () => {
    const c = opinionIssued();
    expect(c.state.stage).toBe('opinionIssued');
    expect(publicStatus(c.state)).toBe('handled');
    expect(c.state.facts['DecisionLetterServed']?.data['outcome']).toBe('notSupport');
    expect(running(c.state, day('2026-06-29'))).toEqual(['reviewWindow']);
    const bad = refusal(accepted(), { at: day('2026-05-11'), role: 'handlingOfficer', unit: 'majie', command: { type: 'StartInvestigation', caseId: CASE, hearingPlanned: 'maybe' } });
    expect(bad.code).toBe('MalformedCommand');
    const investigating = play([{ at: day('2026-05-11'), role: 'handlingOfficer', unit: 'majie', command: { type: 'StartInvestigation', caseId: CASE, hearingPlanned: false } }], accepted());
    const fourth = refusal(investigating, {
      at: day('2026-05-12'),
      role: 'handlingOfficer',
      unit: 'majie',
      command: { type: 'ServeDecisionLetter', caseId: CASE, outcome: 'partly', letterNo: 'L', basis: 'b' },
    });
    expect(fourth.code).toBe('MalformedCommand');
  });
});

describe('P10–P11 review (Art 35)', () => {
  it('P10 Art 35: the petitioner asks for a review within 30 days of the letter; the organ above has 30 days to decide', () => {
    const c = opinionIssued();
    expect(dueOf(c.state, 'reviewWindow', day('2026-06-29'))).toBe(endOf('2026-07-29'));
    const requested = play([{ at: day('2026-07-10'), role: 'petitioner', unit: 'majie', id: 'petitioner-1', command: { type: 'RequestReview', caseId: CASE, reason: 'Wrong shop' } }], c);
    expect(requested.state.stage).toBe('reviewRequested');
    // 30 days end on Sunday 9 August, so the limit moves to the next working day (docs/domain.md §2).
    expect(dueOf(requested.state, 'review', day('2026-07-10'))).toBe(endOf('2026-08-10'));
  });

  it('P11 Art 35: the organ that handled the matter cannot decide its review; the district above it does', () => {
    const requested = play([{ at: day('2026-07-10'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'RequestReview', caseId: CASE, reason: 'Letter received' } }], opinionIssued());
    const decide = (unit: string) => ({ at: day('2026-08-05'), role: 'reviewOfficer' as const, unit, command: { type: 'DecideReview', caseId: CASE, result: 'changed', letterNo: 'R-1' } });
    expect(refusal(requested, decide('majie'))).toMatchObject({ code: 'ReviewByOrganAbove' });
    // An organ beside it (another district) is not responsible for the case at all.
    expect(refusal(requested, decide('guandu')).code).toBe('NotResponsibleUnit');
    const decided = play([decide('xishan')], requested);
    expect(decided.state.stage).toBe('reviewDecided');
    expect(deadlineHistory(decided.state, day('2026-08-05'), calendar).find((d) => d.rule === 'review')?.metOnTime).toBe(true);
  });
});

describe('P12–P13 re-review and finality (Art 36)', () => {
  const reReviewRequested = (): PetitionCase =>
    play(
      [
        { at: day('2026-07-10'), role: 'petitioner', unit: 'majie', id: 'petitioner-1', command: { type: 'RequestReview', caseId: CASE, reason: 'Wrong shop' } },
        { at: day('2026-08-05'), role: 'reviewOfficer', unit: 'xishan', command: { type: 'DecideReview', caseId: CASE, result: 'upheld', letterNo: 'R-1' } },
        { at: day('2026-08-20'), role: 'petitioner', unit: 'majie', id: 'petitioner-1', command: { type: 'RequestReReview', caseId: CASE, reason: 'Still the wrong shop' } },
      ],
      opinionIssued(),
    );

  it('P12 Art 36: the petitioner asks for a re-review within 30 days of the review opinion', () => {
    const c = reReviewRequested();
    expect(c.state.stage).toBe('reReviewRequested');
    expect(deadlineHistory(c.state, day('2026-08-20'), calendar).find((d) => d.rule === 'reReviewWindow')).toMatchObject({ dueAt: endOf('2026-09-04'), metOnTime: true });
    // 30 days end on Saturday 19 September: the limit moves to Monday.
    expect(dueOf(c.state, 'reReview', day('2026-08-20'))).toBe(endOf('2026-09-21'));
  });

  it('P13 Art 36: hearing time is excluded from the re-review limit; no other clock pauses', () => {
    const c = reReviewRequested();
    const paused = play(
      [
        { at: day('2026-08-25'), role: 'reviewOfficer', unit: 'kunming', command: { type: 'PauseClock', caseId: CASE, rule: 'reReview', reason: 'hearing' } },
        { at: day('2026-09-04'), role: 'reviewOfficer', unit: 'kunming', command: { type: 'ResumeClock', caseId: CASE, rule: 'reReview' } },
      ],
      c,
    );
    // Ten days of hearing: the due date moves ten days later.
    expect(dueOf(paused.state, 'reReview', day('2026-09-04'))).toBe(endOf('2026-09-29'));
    expect(refusal(c, { at: day('2026-08-25'), role: 'reviewOfficer', unit: 'kunming', command: { type: 'PauseClock', caseId: CASE, rule: 'reReviewWindow', reason: 'hearing' } }).code).toBe(
      'OnlyReReviewHearingExcluded',
    );
  });

  it('P13 Art 36: the re-review opinion is final', () => {
    const c = finalAfterReReview();
    expect(c.state.stage).toBe('final');
    expect(publicStatus(c.state)).toBe('handled');
    expect(running(c.state, day('2026-09-10'))).toEqual([]);
    expect(c.events.at(-1)?.type).toBe('ReReviewDecided');
  });

  it('P13 Art 36 para 3: after finality the same facts and reasons are not accepted again, by any organ', () => {
    const known = { [FINAL_PETITION_MATTERS]: ['matter-shop-17'] };
    for (const unit of ['kunming', 'xishan', 'guandu', 'majie']) {
      const received = play([{ at: day('2026-10-12'), role: 'handlingOfficer', unit, command: submitPetition({ caseId: `again-${unit}`, receivingUnit: unit }) }]);
      const again = refusal(received, { at: day('2026-10-12'), role: 'handlingOfficer', unit, command: { ...register(), caseId: `again-${unit}` }, known });
      expect(again).toMatchObject({ code: 'MatterAlreadyFinal', guard: 'finalMatterNotAcceptedAgain', workflow: 'petition@1' });
      expect(received.state.stage).toBe('received');
      // New facts are a new matter, with a key of its own.
      const fresh = play([{ at: day('2026-10-12'), role: 'handlingOfficer', unit, command: { ...register({ matterKey: 'matter-shop-17-new-facts' }), caseId: `again-${unit}` }, known }], received);
      expect(fresh.state.stage).toBe('registered');
    }
  });
});

describe('P14 appeal window ran out', () => {
  it('P14 Art 35: no review asked within 30 days: the opinion stands and the matter is final', () => {
    const c = play([{ at: day('2026-07-30'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'RecordAppealWindowExpired', caseId: CASE, note: null } }], opinionIssued());
    expect(c.state.stage).toBe('final');
    expect(deadlineHistory(c.state, day('2026-07-30'), calendar).find((d) => d.rule === 'reviewWindow')?.stoppedAt).toBe(day('2026-07-30'));
  });
});

describe('P15 aftercare (Art 37)', () => {
  it('P15 Art 37: after finality counselling and aid are recorded, and the case stays final until closed', () => {
    const c = play(
      [
        { at: day('2026-09-20'), role: 'communityWorker', unit: 'majie', command: { type: 'RecordAftercare', caseId: CASE, kind: 'socialAid', note: 'Temporary assistance granted' } },
        { at: day('2026-09-21'), role: 'handlingOfficer', unit: 'majie', command: { type: 'RecordAftercare', caseId: CASE, kind: 'counselling', note: 'Visited the family' } },
      ],
      finalAfterReReview(),
    );
    expect(c.state.stage).toBe('final');
    expect(c.state.facts['AftercareRecorded']).toMatchObject({ count: 2, data: { kind: 'counselling' } });
    const closed = play([{ at: day('2026-09-22'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'Close', caseId: CASE, referredTo: null, note: null } }], c);
    expect(closed.state.closure?.outcome).toBe('settled');
    expect(refusal(closed, { at: day('2026-09-23'), role: 'communityWorker', unit: 'majie', command: { type: 'RecordAftercare', caseId: CASE, kind: 'assistance', note: 'x' } }).code).toBe(
      'NotAllowedInStage',
    );
  });
});

describe('P16 supervision (Arts 40, 43–45)', () => {
  it('P16 Art 40: the petition bureau raises supervision on a slow organ, yellow then red, without changing the stage', () => {
    const raise = (level: string) => ({
      at: day('2026-07-09'),
      role: 'petitionOfficer' as const,
      unit: 'xishan',
      command: { type: 'RaiseSupervision', caseId: CASE, level, reason: 'Handling limit passed' },
    });
    const investigating = play([{ at: day('2026-05-11'), role: 'handlingOfficer', unit: 'majie', command: { type: 'StartInvestigation', caseId: CASE, hearingPlanned: false } }], accepted());
    const red = play([raise('yellow'), raise('red')], investigating);
    expect(red.state.supervision).toBe('red');
    expect(red.state.stage).toBe('underHandling');
    expect(refusal(red, raise('yellow')).code).toBe('SupervisionNotRaised');
    expect(deadlines(red.state, day('2026-07-09'), calendar).find((d) => d.rule === 'handling')?.breached).toBe(true);
  });
});

describe('the suggestion and accusation tracks (Arts 29–30)', () => {
  it('Art 29: a suggestion is answered, has no grievance handling clock, and cannot get a decision letter', () => {
    const c = accepted({ category: 'suggestion' });
    expect(running(c.state, day('2026-05-08'))).toEqual([]);
    const letter = refusal(play([{ at: day('2026-05-09'), role: 'handlingOfficer', unit: 'majie', command: { type: 'StartInvestigation', caseId: CASE, hearingPlanned: false } }], c), {
      at: day('2026-05-10'),
      role: 'handlingOfficer',
      unit: 'majie',
      command: { type: 'ServeDecisionLetter', caseId: CASE, outcome: 'support', letterNo: 'L', basis: 'b' },
    });
    expect(letter.code).toBe('NotAGrievance');
    const answered = play([{ at: day('2026-05-20'), role: 'handlingOfficer', unit: 'majie', command: { type: 'AnswerSuggestion', caseId: CASE, adopted: true, answer: 'More bus stops planned' } }], c);
    expect(answered.state.stage).toBe('answered');
    expect(refusal(accepted(), { at: day('2026-05-20'), role: 'handlingOfficer', unit: 'majie', command: { type: 'AnswerSuggestion', caseId: CASE, adopted: true, answer: 'x' } }).code).toBe(
      'NotASuggestion',
    );
  });

  it('Art 30: an accusation is registered only with its material marked as never shown to the person accused; that mark stays on the case', () => {
    const received = play([{ at: day('2026-05-04'), role: 'petitionOfficer', unit: 'xishan', command: submitPetition({ category: 'accusation' }) }]);
    expect(refusal(received, { at: day('2026-05-04'), role: 'petitionOfficer', unit: 'xishan', command: register() })).toMatchObject({ code: 'AccusationMaterialNotWithheld' });
    const c = play(
      [
        { at: day('2026-05-04'), role: 'petitionOfficer', unit: 'xishan', command: register({ materialWithheldFromAccused: true }) },
        { at: day('2026-05-05'), role: 'handlingOfficer', unit: 'xishan', command: { type: 'Review', caseId: CASE, decision: { outcome: 'accepted', note: null } } },
        { at: day('2026-06-05'), role: 'handlingOfficer', unit: 'xishan', command: { type: 'ConcludeAccusation', caseId: CASE, finding: 'Sent to the discipline inspection commission' } },
      ],
      received,
    );
    expect(c.state.stage).toBe('accusationConcluded');
    expect(c.state.facts['PetitionRegistered']?.data['materialWithheldFromAccused']).toBe(true);
    expect(c.events.find((e) => e.type === 'PetitionRegistered')?.data).toMatchObject({ materialWithheldFromAccused: true });
  });
});

describe('the known sets of a decision context', () => {
  it('a context whose known sets are not lists of strings is refused as InvalidContext, naming the set', () => {
    const decided = decideInput({ commandId: 'c-1', ...submitPetition() }, NO_CASE.state, {
      now: day('2026-05-04'),
      actor: { id: 'po', role: 'petitionOfficer', unit: 'xishan' },
      directory,
      workflow: petitionWorkflow,
      known: { [FINAL_PETITION_MATTERS]: ['matter-1', 7] },
    });
    expect(E.isLeft(decided) && decided.left).toMatchObject({ code: 'InvalidContext', errors: [{ path: `known.${FINAL_PETITION_MATTERS}` }] });
  });
});
