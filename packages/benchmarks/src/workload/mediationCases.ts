/**
 * Mediation cases of every common shape, as commands with their time and actor but no
 * workflow, so that the same sequences can be decided by several deciders and workflow
 * versions (the core benchmark compares the open case model with the closed one of 19d41f0).
 * Every command is valid under version 1 and version 2 of the mediation workflow: labour
 * cases go to the labour bureau and other cases to a community (v2: the bureau takes labour
 * only), every closing call-back ends with one that reached the citizen (v2), and a citizen
 * acts only on their own case, as its applicant (v2: `NotAParty`).
 */
import type { Actor } from '@casefold/core';

/** One command of a benchmark case: the command, when it is decided, and by whom. */
export interface MediationStep {
  readonly command: Readonly<Record<string, unknown>>;
  readonly now: string;
  readonly actor: Actor;
}

const START = Date.UTC(2026, 0, 5, 1);
const HOUR = 3_600_000;

/** The shapes of case, in tenths of the caseload: six mediated to agreement, then one each of the rest. */
const SHAPE_BY_TENTH = ['agreement', 'agreement', 'agreement', 'agreement', 'agreement', 'agreement', 'notarized', 'noAgreement', 'rejected', 'withdrawn'] as const;

/**
 * The commands of case `i` (a minute after case i-1), by its shape (`i % 10`): mediated to an
 * agreement (7 commands), an agreement notarized (8), no agreement with a call-back that did
 * not reach the citizen before one that did, referred to arbitration (8), submitted online
 * by the citizen and rejected (4), submitted online and withdrawn by the citizen (3). Two
 * cases in five are labour disputes; the online ones come in by the WeChat mini-program.
 */
export const mediationCase = (i: number): MediationStep[] => {
  const caseId = `bench-${i}`;
  const applicant = `${caseId}-a`;
  const t0 = START + i * 60_000;
  const shape = SHAPE_BY_TENTH[i % 10]!;
  const labour = i % 5 < 2;
  const handler = labour ? 'xishan-labour' : 'majie-north';
  const steps: MediationStep[] = [];
  const step = (role: string, unit: string, command: Record<string, unknown>, id = `${role}-1`): void => {
    const n = steps.length;
    steps.push({ command: { commandId: `${caseId}-${n}`, caseId, ...command }, now: new Date(t0 + n * HOUR).toISOString(), actor: { id, role, unit } });
  };
  const online = shape === 'rejected' || shape === 'withdrawn';
  const parties = [
    { subjectId: applicant, side: 'applicant', pii: { name: 'A', phone: null, idNumber: null } },
    { subjectId: `${caseId}-r`, side: 'respondent', pii: { name: 'R', phone: null, idNumber: null } },
  ];
  const submit = {
    type: 'Submit',
    channel: online ? 'wechatMiniProgram' : 'window',
    category: labour ? 'labour' : 'tenancy',
    summary: 'Benchmark request',
    receivingUnit: 'majie',
    area: 'majie-north',
    claimedAmountFen: 1_000_000,
    parties,
  };
  if (online) step('requester', 'majie', submit, applicant);
  else step('intakeClerk', 'majie', submit);
  if (shape === 'rejected') {
    step('intakeClerk', 'majie', { type: 'Review', decision: { outcome: 'rejected', reason: 'outOfArea', note: 'Outside the area of the centre' } });
    step('followUpAgent', 'majie', { type: 'RecordCallback', purpose: 'rejectionExplained', reached: true, satisfaction: null, note: null });
    step('intakeClerk', 'majie', { type: 'Close', referredTo: null, note: null });
    return steps;
  }
  step('intakeClerk', 'majie', { type: 'Review', decision: { outcome: 'accepted', note: null } });
  if (shape === 'withdrawn') {
    step('requester', 'majie', { type: 'Withdraw', reason: 'Settled between the parties' }, applicant);
    return steps;
  }
  step('dispatcher', 'majie', { type: 'Dispatch', to: handler, reason: null });
  step('mediator', handler, { type: 'StartMediation', track: labour ? 'administrative' : 'people' });
  if (shape === 'noAgreement') {
    step('mediator', handler, { type: 'RecordMediation', result: { outcome: 'noAgreement', reason: 'The parties did not agree' } });
    step('followUpAgent', 'majie', { type: 'RecordCallback', purpose: 'followUp', reached: false, satisfaction: null, note: null });
    step('followUpAgent', 'majie', { type: 'RecordCallback', purpose: 'followUp', reached: true, satisfaction: 'basicallySatisfied', note: null });
    step('intakeClerk', 'majie', { type: 'Close', referredTo: 'arbitration', note: null });
    return steps;
  }
  const paymentTerms = shape === 'notarized' ? { dueDate: '2026-06-30', instalments: 2 } : null;
  step('mediator', handler, { type: 'RecordMediation', result: { outcome: 'agreement', form: 'written', terms: 'Pay', amountFen: 800_000, paymentTerms } });
  if (shape === 'notarized') step('notary', 'kunming-notary-office', { type: 'Notarize', notaryOffice: 'kunming-notary-office', certificateNo: `${caseId}-cert` });
  step('followUpAgent', 'majie', { type: 'RecordCallback', purpose: 'followUp', reached: true, satisfaction: 'satisfied', note: null });
  step('intakeClerk', 'majie', { type: 'Close', referredTo: null, note: null });
  return steps;
};
