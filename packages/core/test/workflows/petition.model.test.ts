import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { type AnyCaseEvent, type CaseState, FINAL_PETITION_MATTERS, decideInput, evolve, initialState, instantFromMillis, petitionWorkflow } from '@casefold/core';
import { type ModelCommand as ModelCommandOf, modelCommand } from '@casefold/core/testing';
import { directory } from '../support/fixtures.js';

/**
 * Model-based test: the decider under the petition workflow against a small reference model
 * of 信访工作条例 (2022), written as plain predicates independently of the workflow's data:
 * for each command, when the regulation lets it through and what it changes.
 */
interface Model {
  stage: string;
  unit: string;
  category: 'grievance' | 'suggestion' | 'accusation';
  visit: boolean;
  /** Days the handling limit was extended (Art 34: ≤ 30). */
  extended: number;
  extensionTold: boolean;
  noticeSent: boolean;
  reReviewPaused: boolean;
}
interface Real {
  state: CaseState;
  events: AnyCaseEvent[];
  clock: number;
}

const PARENT: Record<string, string> = { majie: 'xishan', xishan: 'kunming' };
const KEY = 'matter-model';
/** Every stage some run reached, so the test can tell it is not vacuous. */
const reached = new Set<string>();
let commandNo = 0;

const decideOn = (real: Real, role: string, unit: string, command: Record<string, unknown>, known?: Record<string, readonly string[]>): boolean => {
  real.clock += 3_600_000;
  const base = { now: instantFromMillis(real.clock), actor: { id: role === 'petitioner' ? 'petitioner-1' : `${role}-1`, role, unit }, directory, workflow: petitionWorkflow };
  const result = decideInput({ commandId: `pm-${++commandNo}`, caseId: 'PM-1', ...command }, real.state, known === undefined ? base : { ...base, known });
  if (E.isLeft(result)) return false;
  for (const event of result.right) {
    real.state = evolve(real.state, event);
    real.events.push(event);
  }
  return true;
};

/** A command of the model run, with the model's expectation kept for {@link whenAllowed}. */
type ModelCommand = ModelCommandOf<Model, Real>;

/** The same commands, run only where the model allows them: they carry runs on to the appeals and finality. */
const whenAllowed = (arbitrary: fc.Arbitrary<ModelCommand>): fc.Arbitrary<ModelCommand> => arbitrary.map((c) => ({ ...c, check: (m: Readonly<Model>) => c.expected(m as Model) }));

/** What a model command sends: who, the command, and what guards across cases know. */
interface Sent {
  role: string;
  unit: string;
  command: Record<string, unknown>;
  known?: Record<string, readonly string[]>;
}

/** A model command: whether the model expects acceptance, what it changes, and who sends what. */
const command = (name: string, expected: (m: Model) => boolean, update: (m: Model) => void, send: (m: Model) => Sent): ModelCommand =>
  modelCommand<Model, Real, Sent>({
    name,
    expected,
    update,
    send,
    decide: (r, sent) => decideOn(r, sent.role, sent.unit, sent.command, sent.known),
    stageOf: (r) => r.state.stage,
    check: (m, r) => {
      reached.add(m.stage);
      if (m.stage !== 'new') expect(r.state.handlingUnit).toBe(m.unit);
      expect(r.state.clocks['handling']?.extendedBy ?? 0).toBe(m.extended);
    },
  });

const inStage =
  (...stages: string[]) =>
  (m: Model): boolean =>
    stages.includes(m.stage);
const to = (stage: string) => (m: Model) => void (m.stage = stage);
const officer =
  (type: string, fields: Record<string, unknown> = {}) =>
  () => ({ role: 'petitionOfficer', unit: 'xishan', command: { type, ...fields } });
const handler =
  (type: string, fields: Record<string, unknown> = {}) =>
  (m: Model) => ({ role: 'handlingOfficer', unit: m.unit, command: { type, ...fields } });
const CLOSING = ['rejected', 'redirected', 'routedToProcedure', 'answered', 'accusationConcluded', 'final', 'convertedToMediation'];

/** A dispatch to another district: never within the bureau's reach, always refused. */
const dispatchOutOfReach = command(
  'Dispatch to guandu',
  () => false,
  () => undefined,
  officer('Dispatch', { to: 'guandu', reason: null }),
);

/**
 * A command that ends the matter, drawn one time in four (else a dispatch out of reach, refused):
 * runs must still often reach the re-review.
 */
const oneTimeInFour = (ending: ModelCommand): fc.Arbitrary<ModelCommand> => fc.constantFrom(ending, dispatchOutOfReach, dispatchOutOfReach, dispatchOutOfReach);

/** Commands that end a matter early or go nowhere. */
const SINKS = [
  fc.constant(dispatchOutOfReach),
  oneTimeInFour(command('RedirectPetitioner', inStage('registered', 'routed'), to('redirected'), officer('RedirectPetitioner', { route: 'litigation', explanation: 'e' }))),
  oneTimeInFour(command('Withdraw', inStage('received', 'registered', 'routed', 'accepted', 'underHandling'), to('closed'), officer('Withdraw', { reason: 'r' }))),
  // 访调对接: a grievance that is a civil dispute goes to the mediation desk as a case of its own.
  oneTimeInFour(
    command(
      'LinkCase convertedTo mediation',
      inStage('registered', 'routed', 'accepted', 'underHandling'),
      to('convertedToMediation'),
      officer('LinkCase', { linkedCaseId: 'M-9', kind: 'mediation', relation: 'convertedTo', note: null }),
    ),
  ),
];

/** The appeals: review, then re-review (Art 35–36), also drawn more often where allowed so that runs reach them. */
const APPEALS = [
  fc.constant(command('RequestReview', inStage('opinionIssued'), to('reviewRequested'), (m) => ({ role: 'petitioner', unit: m.unit, command: { type: 'RequestReview', reason: 'r' } }))),
  fc.boolean().map((byHandlingOrgan) =>
    command(
      `DecideReview by ${byHandlingOrgan ? 'the handling organ' : 'the organ above'}`,
      (m) => m.stage === 'reviewRequested' && !byHandlingOrgan,
      to('reviewDecided'),
      (m) => ({ role: 'reviewOfficer', unit: byHandlingOrgan ? m.unit : (PARENT[m.unit] as string), command: { type: 'DecideReview', result: 'upheld', letterNo: 'R' } }),
    ),
  ),
  fc.constant(command('RequestReReview', inStage('reviewDecided'), to('reReviewRequested'), (m) => ({ role: 'petitioner', unit: m.unit, command: { type: 'RequestReReview', reason: 'r' } }))),
];

/** Commands that move a matter on (each also sent where the model refuses it). */
const PROGRESS = [
  fc.record({ representatives: fc.integer({ min: 1, max: 7 }), withheld: fc.boolean(), final: fc.boolean() }).map(({ representatives, withheld, final }) =>
    command(
      `RegisterPetition reps=${representatives} withheld=${withheld} final=${final}`,
      (m) => m.stage === 'received' && !final && !(m.visit && representatives > 5) && !(m.category === 'accusation' && !withheld),
      to('registered'),
      () => ({
        role: 'petitionOfficer',
        unit: 'xishan',
        command: { type: 'RegisterPetition', matterKey: KEY, representatives, materialWithheldFromAccused: withheld },
        known: { [FINAL_PETITION_MATTERS]: final ? [KEY] : ['matter-other'] },
      }),
    ),
  ),
  fc.constant(
    command(
      'Dispatch to majie',
      inStage('registered'),
      (m) => {
        m.stage = 'routed';
        m.unit = 'majie';
      },
      officer('Dispatch', { to: 'majie', reason: null }),
    ),
  ),
  fc.constant(command('ObjectToJurisdiction', inStage('routed'), to('objected'), handler('ObjectToJurisdiction', { reason: 'r' }))),
  fc.constant(
    command(
      'ReturnToSender',
      inStage('objected'),
      (m) => {
        m.stage = 'registered';
        m.unit = 'xishan';
      },
      officer('ReturnToSender', { reason: 'agreed' }),
    ),
  ),
  fc
    .constantFrom('accepted', 'rejected')
    .map((outcome) =>
      command(
        `Review ${outcome}`,
        inStage('registered', 'routed'),
        to(outcome),
        handler('Review', { decision: outcome === 'accepted' ? { outcome, note: null } : { outcome, reason: 'outsideScope', note: 'n' } }),
      ),
    ),
  fc.constant(command('SendReceiptNotice', inStage('accepted', 'rejected'), (m) => void (m.noticeSent = true), handler('SendReceiptNotice', { form: 'written' }))),
  fc.constant(command('RouteToProcedure', (m) => m.stage === 'accepted' && m.category === 'grievance', to('routedToProcedure'), handler('RouteToProcedure', { procedure: 'litigation', note: 'n' }))),
  fc.constant(command('StartInvestigation', inStage('accepted'), to('underHandling'), handler('StartInvestigation', { hearingPlanned: false }))),
  fc.integer({ min: 1, max: 40 }).map((by) =>
    command(
      `ExtendDeadline handling by ${by}`,
      (m) => m.stage === 'underHandling' && m.category === 'grievance' && m.extended + by <= 30,
      (m) => void (m.extended += by),
      (m) => ({ role: 'headOfOrgan', unit: m.unit, command: { type: 'ExtendDeadline', rule: 'handling', by, reason: 'survey' } }),
    ),
  ),
  fc.constant(
    command(
      'NotifyExtension',
      (m) => m.stage === 'underHandling' && m.extended > 0,
      (m) => void (m.extensionTold = true),
      handler('NotifyExtension', { reason: 'survey' }),
    ),
  ),
  fc.constant(
    command(
      'ServeDecisionLetter',
      (m) => m.stage === 'underHandling' && m.category === 'grievance' && (m.extended === 0 || m.extensionTold),
      to('opinionIssued'),
      handler('ServeDecisionLetter', { outcome: 'explain', letterNo: 'L', basis: 'b' }),
    ),
  ),
  fc.constant(command('AnswerSuggestion', (m) => inStage('accepted', 'underHandling')(m) && m.category === 'suggestion', to('answered'), handler('AnswerSuggestion', { adopted: false, answer: 'a' }))),
  fc.constant(command('ConcludeAccusation', (m) => inStage('accepted', 'underHandling')(m) && m.category === 'accusation', to('accusationConcluded'), handler('ConcludeAccusation', { finding: 'f' }))),
  ...APPEALS,
  fc.constantFrom('reReview', 'handling').map((rule) =>
    command(
      `PauseClock ${rule}`,
      (m) => m.stage === 'reReviewRequested' && rule === 'reReview' && !m.reReviewPaused,
      (m) => void (m.reReviewPaused = true),
      () => ({ role: 'reviewOfficer', unit: 'kunming', command: { type: 'PauseClock', rule, reason: 'hearing' } }),
    ),
  ),
  fc.constant(
    command(
      'ResumeClock reReview',
      (m) => m.stage === 'reReviewRequested' && m.reReviewPaused,
      (m) => void (m.reReviewPaused = false),
      () => ({ role: 'reviewOfficer', unit: 'kunming', command: { type: 'ResumeClock', rule: 'reReview' } }),
    ),
  ),
  fc.boolean().map((byHolder) =>
    command(
      `DecideReReview by ${byHolder ? 'the holding organ' : 'the city'}`,
      (m) => m.stage === 'reReviewRequested' && !(byHolder || m.unit === 'kunming'),
      to('final'),
      (m) => ({ role: 'reviewOfficer', unit: byHolder ? m.unit : 'kunming', command: { type: 'DecideReReview', result: 'upheld', letterNo: 'RR', published: false } }),
    ),
  ),
  fc.constant(command('RecordAppealWindowExpired', inStage('opinionIssued', 'reviewDecided'), to('final'), officer('RecordAppealWindowExpired', { note: null }))),
  fc.constant(
    command(
      'RecordAftercare',
      inStage('final'),
      () => undefined,
      (m) => ({ role: 'communityWorker', unit: m.unit, command: { type: 'RecordAftercare', kind: 'counselling', note: 'n' } }),
    ),
  ),
  fc.constant(command('Close', (m) => CLOSING.includes(m.stage) && (m.stage !== 'rejected' || m.noticeSent), to('closed'), officer('Close', { referredTo: null, note: null }))),
];

/**
 * Every command anywhere (refusals included), the forward ones three times more where allowed,
 * and the appeals REPEAT_APPEALS times more again where allowed: without them a run of 1,000
 * reached the re-review 0–6 times (measured), and the test below failed now and then; with six
 * and the early endings drawn one time in four, 8–16 times; with twelve and grievances (the
 * matters that can be appealed) drawn half the time, 19–29 times.
 */
const REPEAT_APPEALS = 12;
const commands = [...SINKS, ...PROGRESS, ...[1, 2, 3].flatMap(() => PROGRESS.map(whenAllowed)), ...Array.from({ length: REPEAT_APPEALS }, () => APPEALS.map(whenAllowed)).flat()];

describe('petition workflow against a reference model', () => {
  it('accepts exactly what the model allows, and ends in the model’s stage, unit and extension (1,000 runs)', () => {
    fc.assert(
      fc.property(fc.constantFrom('grievance', 'grievance', 'suggestion', 'accusation'), fc.boolean(), fc.commands(commands, { size: 'max', maxCommands: 400 }), (category, visit, cmds) => {
        const m: Model = { stage: 'new', unit: 'xishan', category, visit, extended: 0, extensionTold: false, noticeSent: false, reReviewPaused: false };
        const r: Real = { state: initialState, events: [], clock: Date.UTC(2026, 4, 4, 2) };
        const submitted = decideOn(r, 'petitionOfficer', 'xishan', {
          type: 'Submit',
          channel: visit ? 'visit' : 'letter',
          category,
          summary: 's',
          receivingUnit: 'xishan',
          area: 'majie',
          claimedAmountFen: null,
          parties: [{ subjectId: 'petitioner-1', side: 'applicant', pii: { name: 'n', phone: null, idNumber: null } }],
        });
        expect(submitted).toBe(true);
        m.stage = 'received';
        fc.modelRun(() => ({ model: m, real: r }), cmds);
      }),
      { numRuns: 1000 },
    );
    // Not vacuous: runs reach every stage, the appeals and finality among them.
    expect([...reached].sort()).toEqual(petitionWorkflow.stages.map((s) => s.id).sort());
  });
});
