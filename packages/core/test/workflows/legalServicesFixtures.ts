import * as E from 'fp-ts/lib/Either.js';
import { type AnyCaseEvent, type CaseState, type JurisdictionDirectory, type Rejection, type Workflow, createDirectory, decideInput, evolve, initialState } from '@casefold/core';
import { SAMPLE_UNITS } from '@casefold/core/testing';

/** The sample units with Xishan's legal-aid office (法律援助中心), a functional department of the district. */
export const legalServicesDirectory: JurisdictionDirectory = E.getOrElseW((errors) => {
  throw new Error(`legal-services directory is invalid: ${JSON.stringify(errors)}`);
})(createDirectory([...SAMPLE_UNITS, { id: 'xishan-legal-aid', name: '西山区法律援助中心', level: 'department', parent: 'xishan', departmentKind: 'legalAidOffice' }]));

/** One step of a scenario: when, who (role at unit; a citizen's id is their subject id), which command. */
export interface Step {
  readonly at: string;
  readonly role: string;
  readonly unit: string;
  readonly id?: string;
  readonly command: Record<string, unknown>;
}

/** A case under way: its state and history. */
export interface Played {
  readonly state: CaseState;
  readonly events: readonly AnyCaseEvent[];
}

let counter = 0;

/** Decides one step under `workflow` against `from`: the new case, or the rejection. */
export const attempt = (workflow: Workflow, from: Played, step: Step, directory: JurisdictionDirectory = legalServicesDirectory): E.Either<Rejection<string>, Played> => {
  const decided = decideInput({ commandId: `ls-${++counter}`, ...step.command }, from.state, {
    now: step.at,
    actor: { id: step.id ?? `${step.role}@${step.unit}`, role: step.role, unit: step.unit },
    directory,
    workflow,
  });
  if (E.isLeft(decided)) return decided;
  let state = from.state;
  for (const event of decided.right) state = evolve(state, event);
  return E.right({ state, events: [...from.events, ...decided.right] });
};

/** Runs steps in order under `workflow`, failing loudly on a rejection. */
export const play = (workflow: Workflow, steps: readonly Step[], from: Played = { state: initialState, events: [] }): Played =>
  steps.reduce((played, step) => {
    const next = attempt(workflow, played, step);
    if (E.isLeft(next)) throw new Error(`step ${JSON.stringify(step.command)} rejected: ${next.left.code}: ${next.left.message}`);
    return next.right;
  }, from);

/** The rejection code of a step that must be refused (fails loudly if it is accepted). */
export const refusal = (workflow: Workflow, from: Played, step: Step): string => {
  const next = attempt(workflow, from, step);
  if (E.isRight(next)) throw new Error(`step ${JSON.stringify(step.command)} was accepted`);
  return next.left.code;
};

/** A Submit command for a legal-services case: one applicant, no claimed amount. */
export const submitCommand = (caseId: string, overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> => ({
  type: 'Submit',
  caseId,
  channel: 'window',
  category: 'labour',
  summary: 'Employer has not paid three months of wages',
  receivingUnit: 'majie',
  area: 'majie-north',
  claimedAmountFen: null,
  parties: [{ subjectId: `${caseId}-a`, side: 'applicant', pii: { name: '王五', phone: '13900000000', idNumber: null } }],
  ...overrides,
});
