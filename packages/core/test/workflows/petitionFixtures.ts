import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { type AnyCaseEvent, type CaseState, type DecisionContext, type Rejection, decideInput, evolve, initialState, petitionWorkflow } from '@casefold/core';
import type { PayloadArbitraries, Weights } from '@casefold/core/testing';
import { directory } from '../support/fixtures.js';

/*
 * Given/when/then helpers for the petition workflow in the sample directory: the district
 * petition bureau (xishan) registers and transfers, the sub-district (majie) handles, the
 * district reviews, the city re-reviews.
 */

export type PetitionRole = 'petitioner' | 'petitionOfficer' | 'handlingOfficer' | 'headOfOrgan' | 'reviewOfficer' | 'communityWorker';

/** One step: who acts where and when, with which command, and what the embedding system looked up. */
export interface PetitionStep {
  readonly at: string;
  readonly role: PetitionRole;
  readonly unit: string;
  readonly id?: string;
  readonly command: Record<string, unknown>;
  readonly known?: DecisionContext['known'];
}

export interface PetitionCase {
  readonly state: CaseState;
  readonly events: readonly AnyCaseEvent[];
}

export const NO_CASE: PetitionCase = { state: initialState, events: [] };

let counter = 0;

const contextOf = (step: PetitionStep): DecisionContext => {
  const base = { now: step.at, actor: { id: step.id ?? `${step.role}@${step.unit}`, role: step.role, unit: step.unit }, directory, workflow: petitionWorkflow };
  return step.known === undefined ? base : { ...base, known: step.known };
};

/** Decides one step on a case. */
export const decideStep = (from: PetitionCase, step: PetitionStep): E.Either<Rejection<string>, readonly AnyCaseEvent[]> =>
  decideInput({ commandId: `petition-cmd-${++counter}`, ...step.command }, from.state, contextOf(step));

/** Runs steps in order, failing loudly on a rejection. */
export const play = (steps: readonly PetitionStep[], from: PetitionCase = NO_CASE): PetitionCase => {
  let { state } = from;
  const events = [...from.events];
  for (const step of steps) {
    const decided = decideStep({ state, events }, step);
    if (E.isLeft(decided)) throw new Error(`${String(step.command['type'])} by ${step.role}@${step.unit} refused: ${decided.left.code}: ${decided.left.message}`);
    for (const event of decided.right) {
      state = evolve(state, event);
      events.push(event);
    }
  }
  return { state, events };
};

/** The rejection of a step that must be refused (fails loudly if it is accepted). */
export const refusal = (from: PetitionCase, step: PetitionStep): Rejection<string> => {
  const decided = decideStep(from, step);
  if (E.isRight(decided)) throw new Error(`${String(step.command['type'])} was accepted: ${decided.right.map((e) => e.type).join(', ')}`);
  return decided.left;
};

export const CASE = 'P-1';
const petitioner = { subjectId: 'petitioner-1', side: 'applicant' as const, pii: { name: '王五', phone: '13900000000', idNumber: null } };

/** A petition received at the district petition bureau (xishan), by letter unless said otherwise. */
export const submitPetition = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'Submit',
  caseId: CASE,
  channel: 'letter',
  category: 'grievance',
  summary: 'Compensation for a demolished shop not paid',
  receivingUnit: 'xishan',
  area: 'majie',
  claimedAmountFen: null,
  parties: [petitioner],
  ...overrides,
});

export const register = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  type: 'RegisterPetition',
  caseId: CASE,
  matterKey: 'matter-shop-17',
  representatives: 1,
  materialWithheldFromAccused: false,
  ...overrides,
});

/** `YYYY-MM-DD` at 10:00 Beijing time. */
export const day = (date: string): string => `${date}T02:00:00.000Z`;

/** Received and registered at the district bureau on 4 May 2026. */
export const registered = (submit: Record<string, unknown> = {}, registration: Record<string, unknown> = {}): PetitionCase =>
  play([
    { at: day('2026-05-04'), role: 'petitionOfficer', unit: 'xishan', command: submitPetition(submit) },
    { at: day('2026-05-04'), role: 'petitionOfficer', unit: 'xishan', command: register(registration) },
  ]);

/** Transferred to the sub-district (majie) on 6 May, accepted there on 8 May with a written notice. */
export const accepted = (submit: Record<string, unknown> = {}, registration: Record<string, unknown> = {}): PetitionCase =>
  play(
    [
      { at: day('2026-05-06'), role: 'petitionOfficer', unit: 'xishan', command: { type: 'Dispatch', caseId: CASE, to: 'majie', reason: null } },
      { at: day('2026-05-08'), role: 'handlingOfficer', unit: 'majie', command: { type: 'Review', caseId: CASE, decision: { outcome: 'accepted', note: null } } },
      { at: day('2026-05-08'), role: 'handlingOfficer', unit: 'majie', command: { type: 'SendReceiptNotice', caseId: CASE, form: 'written' } },
    ],
    registered(submit, registration),
  );

/** Under investigation from 11 May, the decision letter served on 29 June (not supported). */
export const opinionIssued = (): PetitionCase =>
  play(
    [
      { at: day('2026-05-11'), role: 'handlingOfficer', unit: 'majie', command: { type: 'StartInvestigation', caseId: CASE, hearingPlanned: false } },
      {
        at: day('2026-06-29'),
        role: 'handlingOfficer',
        unit: 'majie',
        command: { type: 'ServeDecisionLetter', caseId: CASE, outcome: 'notSupport', letterNo: '西马信复〔2026〕17号', basis: 'The compensation was paid in 2019' },
      },
    ],
    accepted(),
  );

/** Reviewed by the district (upheld) and re-reviewed by the city (upheld): final. */
export const finalAfterReReview = (): PetitionCase =>
  play(
    [
      { at: day('2026-07-10'), role: 'petitioner', unit: 'majie', id: 'petitioner-1', command: { type: 'RequestReview', caseId: CASE, reason: 'The 2019 payment was for another shop' } },
      { at: day('2026-08-05'), role: 'reviewOfficer', unit: 'xishan', command: { type: 'DecideReview', caseId: CASE, result: 'upheld', letterNo: '西信复查〔2026〕3号' } },
      { at: day('2026-08-20'), role: 'petitioner', unit: 'majie', id: 'petitioner-1', command: { type: 'RequestReReview', caseId: CASE, reason: 'Still the wrong shop' } },
      { at: day('2026-09-10'), role: 'reviewOfficer', unit: 'kunming', command: { type: 'DecideReReview', caseId: CASE, result: 'upheld', letterNo: '昆信复核〔2026〕9号', published: true } },
    ],
    opinionIssued(),
  );

/** Endings before handling (withdrawal, non-acceptance, redirection, a legal procedure) are rare, so most generated matters get a decision letter and appeals. */
export const PETITION_WEIGHTS: Weights = {
  commands: { Withdraw: 1 / 16, LinkCase: 1 / 16, 'Review:rejected': 1 / 8, RedirectPetitioner: 1 / 8, RouteToProcedure: 1 / 4, ObjectToJurisdiction: 1 / 4 },
};

/** Payload arbitraries for the petition's own commands (the generic and petition properties use them). */
export const petitionPayloads: PayloadArbitraries<typeof petitionWorkflow> = {
  RegisterPetition: fc.record({
    matterKey: fc.constantFrom('matter-1', 'matter-2', 'matter-3', 'matter-4'),
    representatives: fc.integer({ min: 1, max: 8 }),
    materialWithheldFromAccused: fc.boolean(),
  }),
  SendReceiptNotice: fc.record({ form: fc.constantFrom('onTheSpot', 'written') }),
  ObjectToJurisdiction: fc.record({ reason: fc.constant('Land matters belong to the district land bureau') }),
  RedirectPetitioner: fc.record({ route: fc.constantFrom('competentOrgan', 'litigation', 'adminReview'), explanation: fc.constant('Go to the competent organ') }),
  RouteToProcedure: fc.record({ procedure: fc.constantFrom('litigation', 'arbitration', 'partyAppeal', 'adminReview', 'adminDecision', 'enforcementDuty'), note: fc.constant('Sent on') }),
  StartInvestigation: fc.record({ hearingPlanned: fc.boolean() }),
  NotifyExtension: fc.record({ reason: fc.constant('Waiting for the land survey') }),
  ServeDecisionLetter: fc.record({ outcome: fc.constantFrom('support', 'explain', 'notSupport'), letterNo: fc.constant('L-1'), basis: fc.constant('Art 32') }),
  AnswerSuggestion: fc.record({ adopted: fc.boolean(), answer: fc.constant('Thank you; adopted in part') }),
  ConcludeAccusation: fc.record({ finding: fc.constant('Sent to the discipline inspection commission') }),
  RequestReview: fc.record({ reason: fc.constant('Facts wrong') }),
  DecideReview: fc.record({ result: fc.constantFrom('upheld', 'changed'), letterNo: fc.constant('R-1') }),
  RequestReReview: fc.record({ reason: fc.constant('Still wrong') }),
  DecideReReview: fc.record({ result: fc.constantFrom('upheld', 'changed'), letterNo: fc.constant('RR-1'), published: fc.boolean() }),
  RecordAppealWindowExpired: fc.record({ note: fc.constant(null) }),
  RecordAftercare: fc.record({ kind: fc.constantFrom('counselling', 'disputeResolution', 'assistance', 'socialAid', 'judicialAid'), note: fc.constant('Visited the family') }),
};
