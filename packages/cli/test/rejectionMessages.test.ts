import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORE_REJECTION_CODES, type CoreRejection, type PersonalData, type Rejection, type RejectionCode, type RejectionDetails, decide, initialState, mediationWorkflow } from '@casefold/core';
import { caseHistoryArbitrary, personalDataArbitrary, sampleDirectory, sampleSubmit } from '@casefold/core/testing';
import { LANGUAGES, rejectionText } from '@casefold/dashboard';

/**
 * The rejection catalogue the dashboard and the CLI share (`rejectionText` of
 * @casefold/dashboard): every rejection code of the core has a message in both languages, the
 * Chinese one has no English beyond the ids and codes it names, and no message shows personal
 * data.
 */

/** Details of each core rejection code, as the core fills them (ids, stages, roles, instants). */
const SAMPLE_DETAILS: { readonly [K in RejectionCode]: RejectionDetails[K] } = {
  MalformedCommand: { errors: [{ path: 'claimedAmountFen', message: 'expected a whole number of fen, got -5' }] },
  InvalidContext: { errors: [{ path: 'actor.unit', message: 'expected a unit of the directory, got "nowhere"' }] },
  InvalidValue: { field: 'channel', value: 'pigeon', allowed: ['window', 'hotline12348'] },
  CaseNotFound: { caseId: 'PL-2025-00042-mediation' },
  CaseAlreadyExists: { caseId: 'PL-2025-00042-mediation' },
  CaseMismatch: { caseId: 'PL-1', stateCaseId: 'PL-2' },
  WorkflowMismatch: { caseWorkflow: 'mediation@2', givenWorkflow: 'mediation@1' },
  TimeWentBackwards: { now: '2026-01-01T00:00:00.000Z', lastEventAt: '2026-01-02T00:00:00.000Z' },
  BackdatingNotAllowed: {
    occurredAt: '2026-01-01T00:00:00.000Z',
    recordedAt: '2026-01-09T00:00:00.000Z',
    backdatedByMs: 691_200_000,
    allowedMs: 3_600_000,
    role: 'intakeClerk',
    mayBackdate: ['leaderInCharge'],
  },
  NotAllowedInStage: { command: 'Close', stage: 'submitted', allowedStages: ['agreed', 'notAgreed'] },
  RoleNotAllowed: { command: 'Review', role: 'requester', allowedRoles: ['intakeClerk'] },
  NotResponsibleUnit: { actorUnit: 'majie-north', handlingUnit: 'majie' },
  NotAParty: { actorId: 'resident-9' },
  NotCompetent: { unitId: 'labour-bureau', departmentKind: 'labour', category: 'neighbour', competentFor: ['labour'] },
  UnknownUnit: { field: 'area', unitId: 'atlantis' },
  UnitOutOfReach: { from: 'majie-north', to: 'panlong' },
  EscalationNotPossible: { from: 'kunming' },
  EscalationMustGoOneLevelUp: { from: 'grid-1', expected: 'majie-north', given: 'majie' },
  NothingToReturn: { handlingUnit: 'majie' },
  CallbackRequired: { purpose: 'followUp' },
  NotarizationNeedsWrittenPaymentAgreement: { form: 'oral', hasPaymentTerms: false },
  ReferralNotAllowed: { outcome: 'settled' },
  DeadlineNotRunning: { rule: 'review3d' },
  ExtensionExceedsLimit: { rule: 'mediation30d', maxExtension: 15, requestedTotal: 20 },
  ClockAlreadyPaused: { rule: 'mediation30d' },
  ClockNotPaused: { rule: 'mediation30d' },
  SupervisionNotRaised: { current: 'red', requested: 'yellow' },
  InvalidInput: { reason: 'Cannot read properties of undefined' },
};

const sampleRejection = (code: RejectionCode): CoreRejection => ({ code, message: `The core's own sentence about ${code}.`, ...SAMPLE_DETAILS[code] }) as CoreRejection;

/** The ids and codes a rejection names (every string of its details but the core's sentences), longest first. */
const idsOf = (rejection: Rejection<string>): string[] => {
  const strings = (value: unknown, key: string): string[] => {
    if (typeof value === 'string') return key === 'message' || key === 'reason' ? [] : [value];
    if (typeof value === 'number') return [String(value)];
    if (Array.isArray(value)) return value.flatMap((item) => strings(item, key));
    return typeof value === 'object' && value !== null ? Object.entries(value).flatMap(([k, v]) => strings(v, k)) : [];
  };
  return strings(rejection, '').sort((a, b) => b.length - a.length);
};

/** The English words left in a text once the ids and codes it names are taken out. */
const englishIn = (text: string, rejection: Rejection<string>): string[] =>
  idsOf(rejection)
    .reduce((rest, id) => rest.split(id).join(' '), text)
    .match(/[A-Za-z]{2,}/g) ?? [];

describe('the rejection catalogue shared by the dashboard and the CLI', () => {
  it('has a message in zh-CN and en for every rejection code of the core, and no English in the Chinese beyond ids and codes', () => {
    // Given every code the core gives (its own list, so that a new code fails here until it has a sample and a sentence)
    expect(Object.keys(SAMPLE_DETAILS).sort()).toEqual([...CORE_REJECTION_CODES].sort());
    for (const code of CORE_REJECTION_CODES) {
      const rejection = sampleRejection(code as RejectionCode);
      // When it is said in each language
      const zh = rejectionText(rejection, 'zh-CN');
      const en = rejectionText(rejection, 'en');
      // Then the Chinese is a sentence of the catalogue, with no English left but the ids and codes it names
      expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(englishIn(zh, rejection), `${code}: ${zh}`).toEqual([]);
      // and the English is the core's own sentence for it
      expect(en, code).toBe(rejection.message);
    }
  });

  it('says real rejections of the decider in Chinese without English beyond their ids and codes', () => {
    // Given case histories where one step in two breaks a rule on purpose
    fc.assert(
      fc.property(caseHistoryArbitrary({ wildness: 0.5, maxLength: 20 }), (history) => {
        for (const step of history.steps) {
          if (E.isRight(step.result) || !CORE_REJECTION_CODES.has(step.result.left.code)) continue;
          // When a refused step is said in Chinese
          const zh = rejectionText(step.result.left, 'zh-CN');
          // Then no English is left in it but the ids and codes of its details
          expect(englishIn(zh, step.result.left), zh).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

const directory = sampleDirectory();
const now = '2026-05-05T01:00:00.000Z';

/** Ways a Submit carrying a party's personal data is refused: malformed around the personal data, or refused for another reason beside it. */
const refusedSubmits: readonly ((caseId: string, pii: PersonalData) => { readonly command: Record<string, unknown>; readonly unit: string })[] = [
  (caseId, pii) => ({ command: sampleSubmit(caseId, { parties: { subjectId: 'p-1', side: 'applicant', pii } }), unit: 'majie' }),
  (caseId, pii) => ({ command: sampleSubmit(caseId, { parties: [{ subjectId: 'p-1', side: 'witness', pii }] }), unit: 'majie' }),
  (caseId, pii) => ({ command: sampleSubmit(caseId, { parties: [{ subjectId: 'p-1', side: 'applicant', pii: { ...pii, name: { first: pii.name } } }] }), unit: 'majie' }),
  (caseId, pii) => ({ command: sampleSubmit(caseId, { parties: [{ subjectId: 'p-1', side: 'applicant', pii: { ...pii, phone: `${pii.name}-tel` } }] }), unit: 'majie' }),
  (caseId, pii) => ({ command: sampleSubmit(caseId, { claimedAmountFen: { pii } }), unit: 'majie' }),
  (caseId, pii) => ({ command: sampleSubmit(caseId, { channel: 'pigeon', parties: [{ subjectId: 'p-1', side: 'applicant', pii }] }), unit: 'majie' }),
  (caseId, pii) => ({ command: sampleSubmit(caseId, { area: 'atlantis', parties: [{ subjectId: 'p-1', side: 'applicant', pii }] }), unit: 'majie' }),
  (caseId, pii) => ({ command: sampleSubmit(caseId, { parties: [{ subjectId: 'p-1', side: 'respondent', pii }] }), unit: 'majie' }),
  (caseId, pii) => ({ command: sampleSubmit(caseId, { parties: [{ subjectId: 'p-1', side: 'applicant', pii }] }), unit: 'majie-north' }),
];

describe('rejection messages never show personal data', () => {
  it('a refused Submit: its message in zh-CN and en holds none of the party’s name, phone or ID number', () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(personalDataArbitrary(), fc.integer({ min: 0, max: refusedSubmits.length - 1 }), (pii, way) => {
        // Given a Submit carrying a party's personal data that the decider refuses
        const { command, unit } = refusedSubmits[way]!('PII-1', pii);
        const result = decide(command as never, initialState, { now, actor: { id: `intakeClerk@${unit}`, role: 'intakeClerk', unit }, directory, workflow: mediationWorkflow });
        expect(E.isLeft(result)).toBe(true);
        if (E.isRight(result)) return;
        codes.add(result.left.code);
        // When its message is said in each language
        for (const language of LANGUAGES) {
          const text = rejectionText(result.left, language);
          // Then none of the personal data is in it
          for (const secret of [pii.name, pii.phone, pii.idNumber]) if (secret !== null) expect(text, `${result.left.code} (${language})`).not.toContain(secret);
        }
      }),
      { numRuns: 300 },
    );
    // The refusals reach the codes a Submit can get: malformed, an unknown value or unit, the wrong unit, no applicant.
    expect([...codes].sort()).toEqual(['InvalidValue', 'MalformedCommand', 'NotResponsibleUnit', 'UnknownUnit']);
  });
});
