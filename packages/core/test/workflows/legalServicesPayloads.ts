import fc from 'fast-check';
import type { PayloadArbitraries } from '@casefold/core/testing';
import { legalAidWorkflow, legalConsultationWorkflow } from '@casefold/core';
import { CONSULTATION_REFERRAL_ROUTES } from '../../src/workflow/legalConsultationWorkflow.js';

/** Payloads for the legal consultation's own commands: mostly valid, now and then a blank answer, a lone surrogate or an unknown route (refused as malformed; cast past the codec's type). */
export const consultationPayloads: PayloadArbitraries<typeof legalConsultationWorkflow> = {
  AnswerConsultation: fc.record({ answer: fc.constantFrom('Wages must be paid in full; keep the pay slips', 'A deposit is returned at the end of the lease', ' ', '\ud800') }),
  ReferConsultation: fc.record({
    route: fc.constantFrom(...CONSULTATION_REFERRAL_ROUTES, 'nowhere' as (typeof CONSULTATION_REFERRAL_ROUTES)[number]),
    note: fc.constantFrom(null, 'Sent to the mediation desk', ''),
  }),
};

/** Payloads for the legal-aid application's own commands: mostly valid, now and then an unknown reason (cast past the codec's type), an empty explanation or id. */
export const legalAidPayloads: PayloadArbitraries<typeof legalAidWorkflow> = {
  GrantLegalAid: fc.record({ advance: fc.boolean(), note: fc.constantFrom(null, 'Limitation period ends in 5 days (Art 44)', ' ') }),
  RefuseLegalAid: fc.record({
    reason: fc.constantFrom('notFinanciallyEligible', 'matterNotCovered', 'other', 'dislike' as 'other'),
    explanation: fc.constantFrom('Income above the local standard for financial hardship', ''),
  }),
  AssignLegalAid: fc.record({ provider: fc.constantFrom('lawyer-1', 'aid-staff-2', ''), organisation: fc.constantFrom(null, 'law-firm-lvhe') }),
};
