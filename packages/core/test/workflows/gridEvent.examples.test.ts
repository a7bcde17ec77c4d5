import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { checkWorkflow, createDirectory, deadlineHistory, deadlines, escalationPathsProjection, escalationReport, gridEventWorkflow, publicStatus } from '@casefold/core';
import { SAMPLE_UNITS } from '@casefold/core/testing';
import { calendar } from '../support/fixtures.js';
import { project, storeOf } from '../projections/project.js';
import { FIVE_FIXES, type GridStep, gridDirectory, gridRejection, report, runGrid } from './gridEventFixtures.js';

/*
 * The grid-event workflow, rule by rule (docs/domain.md §3c, G1–G12): each example names the
 * rule and its source. Times are UTC; Beijing is UTC+8, the fixture calendar works
 * 09:00–12:00 and 13:00–17:00 on weekdays. 1 June 2026 is a Monday.
 */

const at = (hhmm: string, day = '01') => `2026-06-${day}T${hhmm}:00.000Z`;
const step = (time: string, role: string, unit: string, command: Record<string, unknown>, id?: string): GridStep => ({ at: time, role, unit, command, ...(id === undefined ? {} : { id }) });

/** An inspector's patrol report at the Majie centre, filed with the five fixes. */
const filed = (caseId: string, overrides: Partial<Record<string, unknown>> = {}) =>
  runGrid([step(at('01:00'), 'inspector', 'majie', report(caseId, overrides)), step(at('01:30'), 'shiftLead', 'majie', { type: 'FileEvent', caseId, fiveFixes: FIVE_FIXES })]);

/** {@link filed}, then dispatched at 10:00 Beijing to the district sanitation station. */
const dispatched = (caseId: string, overrides: Partial<Record<string, unknown>> = {}) =>
  runGrid([step(at('02:00'), 'dispatcher', 'majie', { type: 'Dispatch', caseId, to: 'xishan-sanitation', reason: null })], filed(caseId, overrides));

/** {@link dispatched}, then accepted by the station at 10:30 Beijing. */
const inHandling = (caseId: string, overrides: Partial<Record<string, unknown>> = {}) =>
  runGrid([step(at('02:30'), 'unitHandler', 'xishan-sanitation', { type: 'AcceptEvent', caseId, note: null })], dispatched(caseId, overrides));

/** {@link inHandling}, then disposed of with a photo at 11:30 Beijing. */
const disposed = (caseId: string) => runGrid([step(at('03:30'), 'unitHandler', 'xishan-sanitation', { type: 'DisposeEvent', caseId, result: 'Cleared', evidence: ['photo-1'] })], inHandling(caseId));

describe('the grid-event workflow definition', () => {
  it('is a valid workflow (checkWorkflow finds no problem), shipped with a limit for every event class (a civil dispute has none: it is resolved on the spot or converted to mediation)', () => {
    expect(checkWorkflow(gridEventWorkflow)).toEqual([]);
    for (const category of gridEventWorkflow.categories.filter((c) => c !== 'civilDispute'))
      expect(
        gridEventWorkflow.deadlines.some((rule) => rule.categories?.includes(category)),
        category,
      ).toBe(true);
    for (const rule of gridEventWorkflow.deadlines) expect(['workingHours', 'workingDays']).toContain(rule.unit);
  });
});

describe('G1 report: patrol, citizen, video, superior, hotline or media (municipal rules [S]: four sources; grid workers upload by app)', () => {
  it('G1 municipal rules: a citizen reports through the app, and the event is reported (unreviewed), owned by the receiving centre', () => {
    const { state, events } = runGrid([step(at('01:00'), 'citizen', 'majie', report('C-1', { channel: 'citizen' }), 'reporter-1')]);
    expect(events.map((e) => e.type)).toEqual(['Submitted']);
    expect(state.stage).toBe('reported');
    expect(publicStatus(state)).toBe('unreviewed');
    expect(state.channel).toBe('citizen');
    expect(state.owner).toBe('majie');
  });

  it('G1 municipal rules: every source is recorded by staff; an unknown source is refused', () => {
    for (const channel of gridEventWorkflow.channels.filter((c) => c !== 'patrol')) {
      expect(runGrid([step(at('01:00'), 'intakeClerk', 'majie', report(`S-${channel}`, { channel }))]).state.channel).toBe(channel);
    }
    expect(gridRejection(runGrid([]).state, step(at('01:00'), 'intakeClerk', 'majie', report('S-x', { channel: 'rumour' })))).toMatchObject({ code: 'InvalidValue', field: 'channel' });
  });

  it('G1 municipal rules: a patrol report comes from a grid worker or an inspector, not from the intake desk', () => {
    const refused = gridRejection(runGrid([]).state, step(at('01:00'), 'intakeClerk', 'majie', report('P-1')));
    expect(refused).toMatchObject({ code: 'PatrolNeedsFieldStaff', guard: 'patrolByFieldStaff', workflow: 'gridEvent@1' });
    expect(runGrid([step(at('01:00'), 'gridWorker', 'grid-7', report('P-2', { receivingUnit: 'grid-7' }))]).state.handlingLevel).toBe('grid');
  });
});

describe('G2 verification, filing with the five fixes, or cancellation (municipal rules [S]; Kunming source article: 五定)', () => {
  it('G2 municipal rules: a citizen report is filed only after an inspector confirmed it on site', () => {
    const reported = runGrid([step(at('01:00'), 'intakeClerk', 'majie', report('V-1', { channel: 'citizen' }))]);
    const file = step(at('02:00'), 'shiftLead', 'majie', { type: 'FileEvent', caseId: 'V-1', fiveFixes: FIVE_FIXES });
    expect(gridRejection(reported.state, file)).toMatchObject({ code: 'OnSiteVerificationRequired', guard: 'verifiedBeforeFiling' });
    const verifying = runGrid([step(at('01:10'), 'intakeClerk', 'majie', { type: 'RequestVerification', caseId: 'V-1', note: 'Please confirm on site' })], reported);
    expect(verifying.state.stage).toBe('verifying');
    const notFound = runGrid([step(at('01:40'), 'inspector', 'majie', { type: 'VerifyOnSite', caseId: 'V-1', confirmed: false, findings: 'Nothing at the address' })], verifying);
    expect(gridRejection(notFound.state, file)).toMatchObject({ code: 'OnSiteVerificationRequired' });
    const confirmed = runGrid([step(at('01:50'), 'inspector', 'majie', { type: 'VerifyOnSite', caseId: 'V-1', confirmed: true, findings: 'Seen on site' })], notFound);
    const { state, events } = runGrid([file], confirmed);
    expect(state.stage).toBe('filed');
    expect(events.map((e) => e.type)).toEqual(['Submitted', 'VerificationRequested', 'SiteVerified', 'SiteVerified', 'EventFiled']);
  });

  it('G2 municipal rules: an inspector’s patrol report is filed directly, and the filing records the five fixes (定事、定格、定人、定责、定结)', () => {
    const { state, events } = filed('F-1');
    expect(state.stage).toBe('filed');
    expect(publicStatus(state)).toBe('pending');
    expect(events.at(-1)).toMatchObject({ type: 'EventFiled', data: { fiveFixes: FIVE_FIXES } });
    expect(state.facts['EventFiled']?.data).toEqual({ fiveFixes: FIVE_FIXES });
  });

  it('G2 Kunming source article (五定): a filing without one of the five fixes is malformed', () => {
    const { closure: _closure, ...fourFixes } = FIVE_FIXES;
    const reported = runGrid([step(at('01:00'), 'inspector', 'majie', report('F-2'))]);
    expect(gridRejection(reported.state, step(at('01:30'), 'shiftLead', 'majie', { type: 'FileEvent', caseId: 'F-2', fiveFixes: fourFixes }))).toMatchObject({ code: 'MalformedCommand' });
  });

  it('G2 municipal rules: a report not confirmed on site is cancelled (注销), shown as rejected, and closes as rejected', () => {
    const { state } = runGrid([
      step(at('01:00'), 'intakeClerk', 'majie', report('X-1', { channel: 'hotline' })),
      step(at('01:10'), 'intakeClerk', 'majie', { type: 'RequestVerification', caseId: 'X-1', note: 'Hotline transfer' }),
      step(at('01:40'), 'inspector', 'majie', { type: 'VerifyOnSite', caseId: 'X-1', confirmed: false, findings: 'Nothing found' }),
      step(at('02:00'), 'shiftLead', 'majie', { type: 'Review', caseId: 'X-1', decision: { outcome: 'rejected', reason: 'notConfirmedOnSite', note: 'Not found on site' } }),
    ]);
    expect(state.stage).toBe('cancelled');
    expect(publicStatus(state)).toBe('rejected');
    const closed = runGrid([step(at('02:10'), 'shiftLead', 'majie', { type: 'Close', caseId: 'X-1', referredTo: null, note: null })], { state, events: [] });
    expect(closed.state.closure?.outcome).toBe('rejected');
    expect(publicStatus(closed.state)).toBe('rejected');
  });
});

describe('G3 dispatch starts the class clock (municipal rules [S]: the centre’s clock starts at dispatch; event-class table [S])', () => {
  it('G3 event-class table: exposed rubbish dispatched at 10:00 Beijing on a Monday is due 4 working hours later, at 15:00 (lunch not counted)', () => {
    const { state, events } = dispatched('D-1');
    expect(state.stage).toBe('dispatched');
    expect(events.at(-1)?.meta.deadlines.started.map((d) => [d.rule, d.amount, d.unit])).toEqual([['disposal.exposedRubbish', 4, 'workingHours']]);
    expect(deadlines(state, at('03:00'), calendar).map((d) => [d.rule, d.dueAt])).toEqual([['disposal.exposedRubbish', at('07:00')]]);
  });

  it('G3 event-class table: no clock runs before dispatch; dead vegetation gets 5 working days (dispatched on a Monday, the day not counted: due the next Monday at 24:00, docs/domain.md §2)', () => {
    const beforeDispatch = filed('D-2', { category: 'deadVegetation' });
    expect(Object.keys(beforeDispatch.state.clocks)).toEqual([]);
    const { state } = runGrid([step(at('02:00'), 'dispatcher', 'majie', { type: 'Dispatch', caseId: 'D-2', to: 'xishan-parks', reason: null })], beforeDispatch);
    expect(deadlines(state, at('03:00'), calendar).map((d) => [d.rule, d.dueAt])).toEqual([['disposal.deadVegetation', at('16:00', '08')]]);
  });

  it('G3 event-class table (responsible unit column): a class goes only to a department competent for it', () => {
    const refused = gridRejection(filed('D-3').state, step(at('02:00'), 'dispatcher', 'majie', { type: 'Dispatch', caseId: 'D-3', to: 'xishan-parks', reason: null }));
    expect(refused).toMatchObject({ code: 'NotCompetent', departmentKind: 'parks', category: 'exposedRubbish' });
  });

  it('G3 event-class table: illegal construction runs three clocks — stop the work in 4 working hours, penalty in 7 and demolition in 20 working days; stopping the work stops only the first', () => {
    const started = runGrid(
      [
        step(at('02:00'), 'dispatcher', 'majie', { type: 'Dispatch', caseId: 'D-4', to: 'majie-enforcement', reason: null }),
        step(at('02:30'), 'unitHandler', 'majie-enforcement', { type: 'AcceptEvent', caseId: 'D-4', note: null }),
      ],
      filed('D-4', { category: 'illegalConstruction' }),
    );
    expect(Object.keys(started.state.clocks).sort()).toEqual(['disposal.illegalConstruction', 'disposal.illegalConstruction.penalty', 'disposal.illegalConstruction.stopWork']);
    const { state } = runGrid([step(at('05:00'), 'unitHandler', 'majie-enforcement', { type: 'RecordInterimMeasure', caseId: 'D-4', measure: 'workStopped', note: 'Work stopped' })], started);
    expect(
      deadlines(state, at('05:00'), calendar)
        .map((d) => d.rule)
        .sort(),
    ).toEqual(['disposal.illegalConstruction', 'disposal.illegalConstruction.penalty']);
    expect(deadlineHistory(state, at('05:00'), calendar).find((d) => d.rule === 'disposal.illegalConstruction.stopWork')?.metOnTime).toBe(true);
  });
});

describe('G4 acceptance by the addressed unit (Tianque code [V-code]: a unit may only accept events addressed to it)', () => {
  it('G4 Tianque: the unit the event was dispatched to accepts it, and the event is in handling', () => {
    const { state, events } = inHandling('A-1');
    expect(state.stage).toBe('inHandling');
    expect(events.at(-1)?.type).toBe('EventAccepted');
  });

  it('G4 Tianque: the centre above it cannot accept for it, and another unit cannot act on it at all', () => {
    const { state } = dispatched('A-2');
    expect(gridRejection(state, step(at('02:30'), 'unitHandler', 'majie', { type: 'AcceptEvent', caseId: 'A-2', note: null }))).toMatchObject({
      code: 'NotAddressedToUnit',
      guard: 'actorIsTheAddressedUnit',
    });
    expect(gridRejection(state, step(at('02:30'), 'unitHandler', 'xishan-parks', { type: 'AcceptEvent', caseId: 'A-2', note: null }))).toMatchObject({ code: 'NotResponsibleUnit' });
  });
});

describe('G5 return with reasons (Binzhou Regulation Art 11 [V]: a non-competent unit explains to the centre)', () => {
  it('G5 Binzhou Art 11: a unit returns an event with reasons; it goes back to the centre, filed, its clock stopped; a new dispatch starts a new clock', () => {
    const returned = runGrid(
      [step(at('03:00'), 'unitHandler', 'xishan-sanitation', { type: 'ReturnToSender', caseId: 'R-1', reason: 'The heap is on private land: the property manager’s matter' })],
      inHandling('R-1', { category: 'constructionWaste' }),
    );
    expect(returned.state.stage).toBe('filed');
    expect(returned.state.handlingUnit).toBe('majie');
    expect(returned.state.routing.at(-1)).toMatchObject({ mode: 'return', reason: 'The heap is on private land: the property manager’s matter' });
    expect(returned.state.clocks['disposal.constructionWaste']?.stoppedAt).toBe(at('03:00'));
    const again = runGrid([step(at('05:00'), 'dispatcher', 'majie', { type: 'Dispatch', caseId: 'R-1', to: 'majie-enforcement', reason: null })], returned);
    expect(again.state.clocks['disposal.constructionWaste']).toMatchObject({ startedAt: at('05:00'), stoppedAt: null });
    expect(again.state.handlingUnit).toBe('majie-enforcement');
  });

  it('G5 Binzhou Art 11: a return without a reason is malformed', () => {
    expect(gridRejection(inHandling('R-2').state, step(at('03:00'), 'unitHandler', 'xishan-sanitation', { type: 'ReturnToSender', caseId: 'R-2', reason: ' ' }))).toMatchObject({
      code: 'MalformedCommand',
    });
  });
});

describe('G6 extension (Tianque delay states [V-code]; configurable cap)', () => {
  it('G6 Tianque: the centre extends a class limit up to the limit again (4 working hours), not more, and the due time moves through the calendar', () => {
    const extend = (by: number, time: string) => step(time, 'leaderInCharge', 'majie', { type: 'ExtendDeadline', caseId: 'X-2', rule: 'disposal.exposedRubbish', by, reason: 'Heavy rain' });
    const { state } = runGrid([extend(3, at('04:00')), extend(1, at('04:10'))], inHandling('X-2'));
    expect(state.clocks['disposal.exposedRubbish']?.extendedBy).toBe(4);
    // 10:00 + 8 working hours: 10–12, 13–17 (6 h), then Tuesday 09:00–11:00
    expect(deadlines(state, at('04:10'), calendar)[0]?.dueAt).toBe(at('03:00', '02'));
    expect(gridRejection(state, extend(1, at('04:20')))).toMatchObject({ code: 'ExtensionExceedsLimit', maxExtension: 4, requestedTotal: 5 });
  });

  it('G6 Tianque: the unit handling the event cannot extend its own limit; stopping illegal construction is never extended', () => {
    const handling = inHandling('X-3');
    expect(
      gridRejection(handling.state, step(at('04:00'), 'leaderInCharge', 'xishan-sanitation', { type: 'ExtendDeadline', caseId: 'X-3', rule: 'disposal.exposedRubbish', by: 1, reason: 'Rain' })),
    ).toMatchObject({ code: 'CentreMustDecide', guard: 'centreDecides' });
    const construction = runGrid(
      [step(at('02:00'), 'dispatcher', 'majie', { type: 'Dispatch', caseId: 'X-4', to: 'majie-enforcement', reason: null })],
      filed('X-4', { category: 'illegalConstruction' }),
    );
    expect(
      gridRejection(construction.state, step(at('03:00'), 'leaderInCharge', 'majie', { type: 'ExtendDeadline', caseId: 'X-4', rule: 'disposal.illegalConstruction.stopWork', by: 1, reason: 'r' })),
    ).toMatchObject({ code: 'ExtensionExceedsLimit', maxExtension: 0 });
  });
});

describe('G7 park (挂账) after the centre’s check, with a written explanation (municipal rules [S]; Unicom codes 7 → 8 [V-code])', () => {
  const requested = () =>
    runGrid([step(at('04:00'), 'unitHandler', 'xishan-sanitation', { type: 'RequestPark', caseId: 'K-1', explanation: 'Needs a budget decision by the district' })], inHandling('K-1'));

  it('G7 municipal rules: the unit asks with a written explanation; only the centre approves; a parked event’s clock stops', () => {
    const { state } = requested();
    expect(state.stage).toBe('parkRequested');
    expect(gridRejection(state, step(at('05:00'), 'shiftLead', 'xishan-sanitation', { type: 'DecidePark', caseId: 'K-1', decision: 'approved', note: 'ok' }))).toMatchObject({
      code: 'CentreMustDecide',
    });
    const parked = runGrid([step(at('05:00'), 'shiftLead', 'majie', { type: 'DecidePark', caseId: 'K-1', decision: 'approved', note: 'Checked on site' })], { state, events: [] });
    expect(parked.state.stage).toBe('parked');
    expect(publicStatus(parked.state)).toBe('pending');
    expect(parked.state.clocks['disposal.exposedRubbish']?.stoppedAt).toBe(at('05:00'));
  });

  it('G7 municipal rules: a request without an explanation is malformed; a refused park goes back to handling; a lifted one too; a parked event may be closed unsolved', () => {
    expect(gridRejection(inHandling('K-2').state, step(at('04:00'), 'unitHandler', 'xishan-sanitation', { type: 'RequestPark', caseId: 'K-2', explanation: '' }))).toMatchObject({
      code: 'MalformedCommand',
    });
    const refused = runGrid([step(at('05:00'), 'shiftLead', 'majie', { type: 'DecidePark', caseId: 'K-1', decision: 'refused', note: 'Clear it' })], requested());
    expect(refused.state.stage).toBe('inHandling');
    const parked = runGrid([step(at('05:00'), 'shiftLead', 'majie', { type: 'DecidePark', caseId: 'K-1', decision: 'approved', note: 'ok' })], requested());
    expect(runGrid([step(at('06:00'), 'shiftLead', 'majie', { type: 'LiftPark', caseId: 'K-1', reason: 'Budget approved' })], parked).state.stage).toBe('inHandling');
    const closed = runGrid([step(at('06:00'), 'shiftLead', 'majie', { type: 'Close', caseId: 'K-1', referredTo: null, note: 'Kept in the backlog' })], parked);
    expect(closed.state.closure?.outcome).toBe('notSettled');
  });
});

describe('G8 disposal with evidence within the class limit (event-class table [S])', () => {
  it('G8 event-class table: the unit reports the event disposed with a photo; the clock stops, met on time', () => {
    const { state } = disposed('P-1');
    expect(state.stage).toBe('disposed');
    expect(state.facts['EventDisposed']?.data).toEqual({ result: 'Cleared', evidence: ['photo-1'] });
    expect(deadlineHistory(state, at('09:00'), calendar)[0]).toMatchObject({ rule: 'disposal.exposedRubbish', stoppedAt: at('03:30'), metOnTime: true });
  });

  it('G8 event-class table: a disposal without evidence is refused; one after the limit is recorded as late', () => {
    const handling = inHandling('P-2');
    expect(gridRejection(handling.state, step(at('03:30'), 'unitHandler', 'xishan-sanitation', { type: 'DisposeEvent', caseId: 'P-2', result: 'Cleared', evidence: [] }))).toMatchObject({
      code: 'EvidenceRequired',
    });
    const late = runGrid([step(at('08:00'), 'unitHandler', 'xishan-sanitation', { type: 'DisposeEvent', caseId: 'P-2', result: 'Cleared', evidence: ['photo-9'] })], handling);
    expect(deadlineHistory(late.state, at('09:00'), calendar)[0]?.metOnTime).toBe(false);
  });
});

describe('G9 check on site: close or rework (municipal rules [S]: closed if the check matches the unit’s report)', () => {
  it('G9 municipal rules: the centre’s inspector checks; a passed check shows the event handled', () => {
    const { state } = runGrid([step(at('05:00'), 'inspector', 'majie', { type: 'RecordCheck', caseId: 'Q-1', result: 'passed', findings: 'Matches the report' })], disposed('Q-1'));
    expect(state.stage).toBe('checked');
    expect(publicStatus(state)).toBe('handled');
  });

  it('G9 municipal rules: the unit cannot check its own work', () => {
    expect(gridRejection(disposed('Q-2').state, step(at('05:00'), 'inspector', 'xishan-sanitation', { type: 'RecordCheck', caseId: 'Q-2', result: 'passed', findings: 'Fine' }))).toMatchObject({
      code: 'CentreMustDecide',
    });
  });
});

describe('G10 rework (Tianque 900 "验证未通过,回退" [V-code]; counted toward a rework metric)', () => {
  it('G10 Tianque: a failed check sends the event back to the unit, which reworks it; each rework is counted', () => {
    const failCheck = (time: string) => step(time, 'inspector', 'majie', { type: 'RecordCheck', caseId: 'W-1', result: 'failed', findings: 'Still there' });
    const rework = (time: string) => step(time, 'unitHandler', 'xishan-sanitation', { type: 'StartRework', caseId: 'W-1', note: null });
    const dispose = (time: string) => step(time, 'unitHandler', 'xishan-sanitation', { type: 'DisposeEvent', caseId: 'W-1', result: 'Cleared again', evidence: ['photo-2'] });
    const once = runGrid([failCheck(at('05:00'))], disposed('W-1'));
    expect(once.state.stage).toBe('rework');
    expect(publicStatus(once.state)).toBe('pending');
    const { state } = runGrid([rework(at('05:10')), dispose(at('06:00')), failCheck(at('06:30')), rework(at('06:40'))], once);
    expect(state.stage).toBe('inHandling');
    expect(state.facts['ReworkStarted']?.count).toBe(2);
  });
});

describe('G11 supervision (Tianque IssueState [V-code]: normal → yellow → red)', () => {
  it('G11 Tianque: a leader raises yellow, then red; never down; not on a cancelled report', () => {
    const raise = (level: string, time: string) => step(time, 'leaderInCharge', 'xishan', { type: 'RaiseSupervision', caseId: 'U-1', level, reason: 'Overdue' });
    const { state } = runGrid([raise('yellow', at('08:00')), raise('red', at('09:00'))], inHandling('U-1'));
    expect(state.supervision).toBe('red');
    expect(gridRejection(state, raise('yellow', at('10:00')))).toMatchObject({ code: 'SupervisionNotRaised' });
    const cancelled = runGrid([
      step(at('01:00'), 'inspector', 'majie', report('U-2')),
      step(at('01:10'), 'shiftLead', 'majie', { type: 'Review', caseId: 'U-2', decision: { outcome: 'rejected', reason: 'duplicate', note: 'Reported twice' } }),
    ]);
    expect(gridRejection(cancelled.state, { ...raise('yellow', at('02:00')), command: { type: 'RaiseSupervision', caseId: 'U-2', level: 'yellow', reason: 'r' } })).toMatchObject({
      code: 'NotAllowedInStage',
    });
  });
});

describe('G12 evaluation with a score (Tianque 301 "已评分" [V-code]; feeds department and area scoring [S])', () => {
  const checked = () => runGrid([step(at('05:00'), 'inspector', 'majie', { type: 'RecordCheck', caseId: 'Z-1', result: 'passed', findings: 'Matches' })], disposed('Z-1'));

  it('G12 Tianque: the centre scores a checked event, then closes it as settled', () => {
    const close = step(at('06:00'), 'shiftLead', 'majie', { type: 'Close', caseId: 'Z-1', referredTo: null, note: null });
    expect(gridRejection(checked().state, close)).toMatchObject({ code: 'NotAllowedInStage' });
    const { state, events } = runGrid([step(at('05:30'), 'shiftLead', 'majie', { type: 'EvaluateEvent', caseId: 'Z-1', score: 92, note: 'On time' }), close], checked());
    expect(events.map((e) => e.type)).toEqual(['Submitted', 'EventFiled', 'Routed', 'EventAccepted', 'EventDisposed', 'CheckRecorded', 'EventEvaluated', 'Closed']);
    expect(state.facts['EventEvaluated']?.data).toEqual({ score: 92, note: 'On time' });
    expect(state.closure?.outcome).toBe('settled');
    expect(publicStatus(state)).toBe('handled');
  });

  it('G12 Tianque: a score outside 0–100 is malformed', () => {
    expect(gridRejection(checked().state, step(at('05:30'), 'shiftLead', 'majie', { type: 'EvaluateEvent', caseId: 'Z-1', score: 101, note: null }))).toMatchObject({ code: 'MalformedCommand' });
  });
});

describe('small matters stay in the grid and the building (小事不出网格/楼栋: Binzhou Art 11 [V]; Kunming source article, Xizhan community)', () => {
  it('Binzhou Art 11: a grid worker of a micro-grid resolves a matter on the spot; it is filed for the record and closes settled at the micro-grid level', () => {
    const { state, events } = runGrid([
      step(at('01:00'), 'gridWorker', 'grid-7-b3', report('B-1', { receivingUnit: 'grid-7-b3', area: 'grid-7-b3', category: 'greenSpaceLitter' })),
      step(at('01:20'), 'gridWorker', 'grid-7-b3', { type: 'ResolveOnTheSpot', caseId: 'B-1', action: 'Cleared the litter with the residents', evidence: ['photo-5'] }),
      step(at('02:00'), 'gridChief', 'grid-7', { type: 'Close', caseId: 'B-1', referredTo: null, note: null }),
    ]);
    expect(events.map((e) => e.meta.stage)).toEqual(['reported', 'filedForRecord', 'closed']);
    expect(state.closure?.outcome).toBe('settled');
    const report_ = escalationReport(project(escalationPathsProjection, storeOf({ events })), gridDirectory());
    expect(report_.overall.settledByLevel).toEqual({ microGrid: 1 });
    expect(report_.overall.withinSubDistrictShare).toBe(1);
  });

  it('Binzhou Art 11: once a report left the grid, it is no longer resolved on the spot; nor without evidence', () => {
    const reported = runGrid([step(at('01:00'), 'gridWorker', 'grid-7', report('B-2', { receivingUnit: 'grid-7' }))]);
    const resolve = (unit: string, evidence: readonly string[]) => step(at('02:00'), 'gridWorker', unit, { type: 'ResolveOnTheSpot', caseId: 'B-2', action: 'Cleared', evidence });
    expect(gridRejection(reported.state, resolve('grid-7', []))).toMatchObject({ code: 'EvidenceRequired' });
    const up = runGrid([step(at('01:30'), 'gridWorker', 'grid-7', { type: 'Escalate', caseId: 'B-2', to: 'majie-north', reason: 'Needs the sanitation station' })], reported);
    expect(up.state.handlingLevel).toBe('community');
    expect(gridRejection(up.state, resolve('majie-north', ['photo-6']))).toMatchObject({ code: 'OnTheSpotOnlyInTheGrid' });
  });
});

describe('grids of levels 1–5 and micro-grids in the jurisdiction directory (Kunming source article: 1–5 level grids and 综治微网格)', () => {
  it('Kunming source article: a micro-grid sits directly under a grid, never under a community', () => {
    expect(E.isRight(createDirectory(SAMPLE_UNITS))).toBe(true);
    const misplaced = createDirectory([...SAMPLE_UNITS, { id: 'b-9', name: '9栋', level: 'microGrid', parent: 'majie-north', departmentKind: null }]);
    expect(misplaced).toEqual(E.left([{ path: `${SAMPLE_UNITS.length}.parent`, message: 'unit "b-9" (microGrid) must sit directly under a grid, not "majie-north" (community)' }]));
  });

  it('信访工作条例 Arts 15, 19–20 (no level-skipping): an event escalates one level at a time, micro-grid → grid → community → sub-district → district, and no higher than the district', () => {
    const escalate = (from: string, to: string, time: string) => step(time, 'gridChief', from, { type: 'Escalate', caseId: 'L-1', to, reason: 'Beyond this level' });
    const reported = runGrid([step(at('01:00'), 'gridWorker', 'grid-7-b3', report('L-1', { receivingUnit: 'grid-7-b3', area: 'grid-7-b3' }))]);
    expect(gridRejection(reported.state, escalate('grid-7-b3', 'majie-north', at('01:10')))).toMatchObject({ code: 'EscalationMustGoOneLevelUp', expected: 'grid-7' });
    const { state } = runGrid(
      [escalate('grid-7-b3', 'grid-7', at('01:10')), escalate('grid-7', 'majie-north', at('01:20')), escalate('majie-north', 'majie', at('01:30')), escalate('majie', 'xishan', at('01:40'))],
      reported,
    );
    expect(state.routing.map((r) => `${r.fromLevel}→${r.toLevel}`)).toEqual(['microGrid→grid', 'grid→community', 'community→subDistrict', 'subDistrict→district']);
    expect(gridRejection(state, escalate('xishan', 'kunming', at('01:50')))).toMatchObject({ code: 'EscalationNotPossible' });
  });
});
