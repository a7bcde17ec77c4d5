import { windowCaseId } from '@casefold/core';
import { type CaseRun, later, minutes, opened, pickPlace, staff, windowUnit } from '../caseRun.js';
import { generateParties } from '../people.js';
import { officeMoment } from '../workingTime.js';

/**
 * Online share of consultations: 17,818 online beside 21,082 at the desk in the source (46%).
 * At the desk, a stationed lawyer answers (驻点律师); online, the centre's lawyers on duty.
 */
const ONLINE_SHARE = 17_818 / (17_818 + 21_082);
const ONLINE_CHANNELS = { legalHotline12348: 45, govApp: 25, wechatMiniProgram: 30 } as const;
const CATEGORIES = { labour: 34, family: 18, tenancy: 10, contract: 12, property: 9, traffic: 6, administrative: 4, criminal: 3, other: 4 } as const;
const QUESTIONS: Readonly<Record<string, string>> = {
  labour: 'How to claim wages an employer withholds',
  family: 'Division of property on divorce',
  tenancy: 'Landlord keeps the deposit',
  contract: 'Refund of a prepaid service contract',
  property: 'Who pays for the lift repair',
  traffic: 'Compensation after a minor collision',
  administrative: 'Appealing a demolition compensation decision',
  criminal: 'Rights of a family member in custody',
  other: 'Inheritance without a will',
};
/** Where a question that is not answered on the spot is sent (首问首办: the first-contact owner sends it on). */
const REFERRALS = { mediation: 38, legalAid: 22, arbitration: 12, litigation: 12, notarization: 8, adminAuthority: 5, petition: 3 } as const;

/**
 * A legal consultation (法律咨询): asked at the one window's service desk or online, answered
 * on the spot by a lawyer (most), or referred to the desk or procedure that can take the
 * matter; then closed. A few online questions are withdrawn before anyone answers.
 */
export const playLegalConsultation = async (run: CaseRun): Promise<void> => {
  const { rng, district } = run;
  const category = rng.weighted(CATEGORIES);
  const place = pickPlace(run);
  const caseId = windowCaseId(run.requestId, 'legalConsultation');
  const consultation = run.forCase(caseId);
  const common = { category, summary: QUESTIONS[category]!, area: place.community, claimedAmountFen: null, parties: generateParties(rng, caseId, 'other').slice(0, 1) };
  let desk: string;
  if (rng.chance(ONLINE_SHARE)) {
    opened(run, 'legalConsultation', 'online');
    desk = district.districtId;
    const [applicant] = common.parties;
    await consultation.exec(
      'Submit',
      { kind: 'legalConsultation', channel: rng.weighted(ONLINE_CHANNELS), receivingUnit: desk, ...common },
      { role: 'requester', unit: desk, id: applicant!.subjectId },
    );
    if (rng.chance(0.02)) {
      await later(run, 0.2, 1);
      await consultation.exec('Withdraw', { reason: 'Found the answer elsewhere' }, { role: 'requester', unit: desk, id: applicant!.subjectId });
      return;
    }
    await later(run, 0, 1.5);
  } else {
    await run.until(officeMoment(run.calendar, run.now(), rng));
    desk = windowUnit(run, place);
    opened(run, 'legalConsultation', 'window');
    await run.receive({ matter: 'legalQuestion', channel: rng.chance(0.9) ? 'visit' : 'phone', receivingUnit: desk, ...common }, staff('intakeClerk', desk));
    await minutes(run, 5, 40);
  }
  const lawyer = staff('lawyer', desk);
  if (rng.chance(0.16)) await consultation.exec('ReferConsultation', { route: rng.weighted(REFERRALS), note: 'Told the requester where to take the matter' }, lawyer);
  else await consultation.exec('AnswerConsultation', { answer: 'Explained the law and the steps to take' }, lawyer);
  await minutes(run, 1, 10);
  await consultation.exec('Close', { referredTo: null, note: null }, lawyer);
};
