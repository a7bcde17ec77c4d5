import { type CaseState, windowCaseId } from '@casefold/core';
import { type Acting, type CaseRun, later, opened, pickPlace, staff, windowUnit } from '../caseRun.js';
import { generateParties } from '../people.js';
import { officeMoment } from '../workingTime.js';

/** How a legal-aid application comes in (besides labour disputes the window triages into a mediation and a linked application). */
const INTAKE = { window: 62, online: 26, transfer: 12 } as const;
const ONLINE_CHANNELS = { legalHotline12348: 40, govApp: 30, wechatMiniProgram: 30 } as const;
/** Categories of legal-aid applications (法律援助法 Art 31: pay, maintenance, social benefits, injury compensation …). */
const CATEGORIES = { labour: 38, maintenance: 14, socialBenefits: 10, injuryCompensation: 16, family: 10, criminalDefence: 7, other: 5 } as const;
const SUMMARIES: Readonly<Record<string, string>> = {
  labour: 'Cannot afford a lawyer to recover unpaid wages',
  maintenance: 'Child maintenance not paid by the other parent',
  socialBenefits: 'Minimum living allowance withdrawn',
  injuryCompensation: 'Compensation after a traffic injury',
  family: 'Domestic violence: protection order and divorce',
  criminalDefence: 'Defence for a family member in custody',
  other: 'Medical negligence claim',
};

/** Whether an application was made online (its first look at the window is later). */
export interface LegalAidIntake {
  readonly online: boolean;
}

/**
 * A submitted legal-aid application from referral on (法律援助法 Art 43): the centre's
 * legal-aid window refers it to the legal-aid office, which decides within 7 days (now and
 * then pausing while the applicant supplements materials, and now and then late, with a
 * supervision card), grants or refuses it in writing, assigns a provider within 3 days of
 * granting it, and closes the case when the aid ends. Some applicants withdraw.
 */
export const continueLegalAid = async (run: CaseRun, submitted: CaseState, intake: LegalAidIntake): Promise<void> => {
  const { rng, district } = run;
  const office = district.departments.legalAidOffice;
  const officer: Acting = staff('legalAidOfficer', office);
  const receivedAt = submitted.owner ?? district.districtId;
  await later(run, intake.online ? 0.1 : 0, intake.online ? 1.5 : 0.3);
  await run.exec('Dispatch', { to: office, reason: 'To the legal-aid office for a decision (分发)' }, staff('intakeClerk', receivedAt));
  if (rng.chance(0.03)) {
    await later(run, 1, 4);
    await run.exec('Withdraw', { reason: 'The applicant found a lawyer of their own' }, officer);
    return;
  }
  if (rng.chance(0.12)) {
    await later(run, 0.5, 2);
    await run.exec('PauseClock', { rule: 'legalAid.decision', reason: 'supplementingMaterials' }, officer);
    await later(run, 2, 12);
    await run.exec('ResumeClock', { rule: 'legalAid.decision' }, officer);
  }
  const late = rng.chance(0.04);
  if (late) {
    await later(run, 7.5, 9);
    await run.exec('RaiseSupervision', { level: 'yellow', reason: 'Legal-aid decision past the 7 days of Art 43' }, staff('leaderInCharge', district.districtId));
  } else await later(run, 0.5, 5.5);
  if (rng.chance(0.14)) {
    const reason = rng.weighted({ notFinanciallyEligible: 60, matterNotCovered: 30, other: 10 });
    await run.exec('RefuseLegalAid', { reason, explanation: 'Told the applicant in writing, with the reasons and how to object (Art 49)' }, officer);
    await later(run, 0, 2);
    await run.exec('Close', { referredTo: null, note: null }, officer);
    return;
  }
  await run.exec('GrantLegalAid', { advance: rng.chance(0.05), note: null }, officer);
  await later(run, 0, 2.5);
  await run.exec('AssignLegalAid', { provider: `lawyer-${rng.int(1, 60)}`, organisation: rng.chance(0.7) ? `law-firm-${rng.int(1, 25)}` : office }, officer);
  await later(run, 20, 150);
  await run.exec('Close', { referredTo: null, note: 'Aid ended: the case concluded' }, officer);
};

/** A legal-aid application from its submission: at the one window, online by the applicant, or transferred (a court, a detention centre). */
export const playLegalAid = async (run: CaseRun): Promise<void> => {
  const { rng, district } = run;
  const route = rng.weighted(INTAKE);
  const category = rng.weighted(CATEGORIES);
  const place = pickPlace(run);
  const caseId = windowCaseId(run.requestId, 'legalAid');
  const aid = run.forCase(caseId);
  const common = { category, summary: SUMMARIES[category]!, area: place.community, claimedAmountFen: null, parties: generateParties(rng, caseId, category === 'labour' ? 'labour' : 'other') };
  opened(run, 'legalAid', route);
  if (route === 'online') {
    const state = await aid.exec(
      'Submit',
      { kind: 'legalAid', channel: rng.weighted(ONLINE_CHANNELS), receivingUnit: district.districtId, ...common },
      { role: 'applicant', unit: district.districtId },
    );
    return continueLegalAid(aid, state, { online: true });
  }
  await run.until(officeMoment(run.calendar, run.now(), rng));
  if (route === 'window') {
    const receivingUnit = windowUnit(run, place);
    const [state] = await run.receive({ matter: 'legalAidApplication', channel: 'visit', receivingUnit, ...common }, staff('intakeClerk', receivingUnit));
    return continueLegalAid(aid, state!, { online: false });
  }
  const state = await aid.exec('Submit', { kind: 'legalAid', channel: 'referral', receivingUnit: district.districtId, ...common }, staff('intakeClerk', district.districtId));
  return continueLegalAid(aid, state, { online: false });
};
