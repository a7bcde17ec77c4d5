import * as E from 'fp-ts/lib/Either.js';
import { SAMPLE_UNITS, sampleDirectory } from '@casefold/core/testing';
import { type CaseCommand, type AnyCaseEvent, type CaseState, type DecisionContext, type Rejection, decideInput, evolve, initialState, mediationWorkflow, toCalendar } from '@casefold/core';

export const directory = sampleDirectory();

/** The sample units (the same as the directory's). */
export const UNITS = SAMPLE_UNITS;

/** A 2026 calendar with the National Day week and its make-up Saturday (10 Oct). */
export const calendar = toCalendar({
  id: 'test-cn-2026',
  utcOffsetMinutes: 480,
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-10-10'],
  workingHours: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '17:00' },
  ],
});

export type Role = 'requester' | 'intakeClerk' | 'dispatcher' | 'gridWorker' | 'mediator' | 'notary' | 'leaderInCharge' | 'followUpAgent';

export const actor = (role: Role, unit: string, id = `${role}@${unit}`) => ({ id, role, unit });

export const context = (now: string, role: Role, unit: string, id?: string): DecisionContext => ({
  now,
  actor: actor(role, unit, id),
  directory,
  workflow: mediationWorkflow,
});

let counter = 0;
/** A fresh command id. */
export const cid = (): string => `cmd-${++counter}`;

export const applicant = { subjectId: 'p-1', side: 'applicant' as const, pii: { name: '张三', phone: '13800000000', idNumber: null } };
export const respondent = { subjectId: 'p-2', side: 'respondent' as const, pii: { name: '李四', phone: null, idNumber: null } };

/** A Submit command with sensible defaults. */
export const submit = (caseId: string, overrides: Partial<Record<string, unknown>> = {}): CaseCommand =>
  ({
    type: 'Submit',
    commandId: cid(),
    caseId,
    channel: 'window',
    category: 'tenancy',
    summary: 'Deposit not returned at the end of a lease',
    receivingUnit: 'majie',
    area: 'majie-north',
    claimedAmountFen: null,
    parties: [applicant, respondent],
    ...overrides,
  }) as CaseCommand;

/** One step of a scenario: who acts, when, with which command. */
export interface Step {
  readonly at: string;
  readonly role: Role;
  readonly unit: string;
  /** The actor's id; `role@unit` when absent (a citizen's id is their subject id). */
  readonly id?: string;
  readonly command: Record<string, unknown>;
}

/** Runs commands in order, failing loudly on a rejection; returns the history and final state. */
export const run = (steps: readonly Step[], start: { state: CaseState; events: AnyCaseEvent[] } = { state: initialState, events: [] }) => {
  let state = start.state;
  const events = [...start.events];
  for (const step of steps) {
    const decided = decideInput({ commandId: cid(), ...step.command }, state, context(step.at, step.role, step.unit, step.id));
    if (E.isLeft(decided)) throw new Error(`step ${JSON.stringify(step.command)} rejected: ${decided.left.message}`);
    for (const event of decided.right) {
      state = evolve(state, event);
      events.push(event);
    }
  }
  return { state, events };
};

/** Decides one more step on a state and returns the rejection (failing if it was accepted). */
export const rejectionOf = (state: CaseState, step: Step): Rejection<string> => {
  const decided = decideInput({ commandId: cid(), ...step.command }, state, context(step.at, step.role, step.unit, step.id));
  if (E.isRight(decided)) throw new Error(`expected a rejection, got ${JSON.stringify(decided.right.map((e) => e.type))}`);
  return decided.left;
};
