import { type CaseState, windowCaseId } from '@casefold/core';
import { type Acting, type CaseRun, type Place, later, minutes, opened, pickPlace, staff } from '../caseRun.js';
import { generateParties } from '../people.js';
import { officeMoment } from '../workingTime.js';
import type { IntakeRoute } from '../yearTally.js';
import { SUMMARIES, continueMediation } from './mediationScript.js';

/** How petitions come in (信访工作条例 Art 17): letters, visits (at the one window), the web and phone. */
const CHANNELS = { letter: 34, visit: 32, web: 22, phone: 12 } as const;
const INTAKE: Readonly<Record<keyof typeof CHANNELS, IntakeRoute>> = { letter: 'letter', visit: 'window', web: 'online', phone: 'window' };
/** The petition's class (its category): grievances (申诉求决) far the most. */
const CLASSES = { grievance: 80, suggestion: 12, accusation: 8 } as const;
const SUMMARIES_BY_CLASS: Readonly<Record<string, readonly string[]>> = {
  grievance: ['Compensation for a demolished shop not paid', 'Resettlement flat not handed over', 'Pension contributions missing from the record', 'Noise from a night market not dealt with'],
  suggestion: ['Add a bus stop near the new estate', 'Longer opening hours for the service hall'],
  accusation: ['Village official diverted relief funds', 'Inspector took money to overlook violations'],
};
/** The share of grievances that turn out to be civil disputes, converted to mediation (访调对接). */
const TO_MEDIATION = 0.07;
/** The share of final grievances whose petitioner comes back with the same matter (refused: 信访工作条例 Art 36 para 3). */
const REPEATED = 0.1;

/** The organ a petition received at the district is transferred to (转送、交办): the sub-district of the place, the labour bureau, or, for accusations, discipline inspection. */
const organFor = (run: CaseRun, category: string, place: Place): string => {
  const { departments } = run.district;
  if (category === 'accusation') return departments.disciplineInspection;
  return run.rng.chance(0.2) ? departments.laborBureau : place.subDistrict;
};

/** A grievance's answer: investigation, sometimes an extension with the reason told, the decision letter, review and re-review, finality. */
const handleGrievance = async (run: CaseRun, organ: string, matterKey: string): Promise<'final' | 'procedure'> => {
  const { rng, district } = run;
  const officer = staff('handlingOfficer', organ);
  if (rng.chance(0.15)) {
    await later(run, 1, 10);
    const procedure = rng.weighted({ litigation: 40, arbitration: 30, adminReview: 20, adminDecision: 10 });
    await run.exec('RouteToProcedure', { procedure, note: 'Belongs to a legal procedure (Art 31)' }, officer);
    await later(run, 0, 3);
    await run.exec('Close', { referredTo: procedure, note: null }, officer);
    return 'procedure';
  }
  await later(run, 1, 7);
  await run.exec('StartInvestigation', { hearingPlanned: rng.chance(0.1) }, officer);
  if (rng.chance(0.12)) {
    await later(run, 40, 55);
    await run.exec('ExtendDeadline', { rule: 'handling', by: rng.int(15, 30), reason: 'Facts need a site survey and records from two departments' }, staff('headOfOrgan', organ));
    await later(run, 0, 2);
    await run.exec('NotifyExtension', { reason: 'Told the petitioner in writing why more time is needed (Art 34)' }, officer);
    await later(run, 10, 25);
  } else await later(run, 15, 50);
  const letter = (kind: string): string => `${matterKey}-${kind}`;
  await run.exec('ServeDecisionLetter', { outcome: rng.weighted({ support: 35, explain: 45, notSupport: 20 }), letterNo: letter('opinion'), basis: 'Facts found on investigation' }, officer);
  const petitionOffice = staff('petitionOfficer', district.districtId);
  if (rng.chance(0.25)) {
    await later(run, 5, 28);
    await run.exec('RequestReview', { reason: 'The petitioner disagrees with the opinion' }, petitionOffice);
    await later(run, 10, 28);
    await run.exec('DecideReview', { result: rng.chance(0.85) ? 'upheld' : 'changed', letterNo: letter('review') }, staff('reviewOfficer', district.districtId));
    if (rng.chance(0.3)) {
      await later(run, 5, 28);
      await run.exec('RequestReReview', { reason: 'The petitioner asks for a re-review' }, petitionOffice);
      const reviewer = staff('reviewOfficer', district.cityId);
      if (rng.chance(0.3)) {
        await later(run, 3, 10);
        await run.exec('PauseClock', { rule: 'reReview', reason: 'hearing' }, reviewer);
        await later(run, 5, 15);
        await run.exec('ResumeClock', { rule: 'reReview' }, reviewer);
      }
      await later(run, 5, 20);
      await run.exec('DecideReReview', { result: rng.chance(0.9) ? 'upheld' : 'changed', letterNo: letter('re-review'), published: true }, reviewer);
      run.finalMatters.add(matterKey);
      return 'final';
    }
  }
  await later(run, 30.5, 33);
  await run.exec('RecordAppealWindowExpired', { note: null }, petitionOffice);
  run.finalMatters.add(matterKey);
  return 'final';
};

/**
 * A petition matter (信访事项, 信访工作条例 2022) from receipt: by letter or the web at the
 * district's petition office, by visit or phone at the one window; registered with its matter
 * key (a group visit with up to 5 representatives; an accusation's material withheld from the
 * accused); transferred within 15 days to the organ that handles it, which sometimes objects
 * or redirects the petitioner, accepts or refuses it with a receipt notice, and answers it (a
 * grievance with a decision letter within 60 days, sometimes extended, then review, re-review
 * and finality; a suggestion with an answer; an accusation with a conclusion); aftercare and an
 * evaluation call-back. Some grievances are civil disputes, converted to mediation (访调对接);
 * some petitioners come back after finality with the same matter, which the handler refuses
 * (`MatterAlreadyFinal`, the finality guard reading the matter keys the simulation recorded).
 */
export const playPetition = async (run: CaseRun): Promise<void> => {
  const { rng, district } = run;
  const channel = rng.weighted(CHANNELS);
  const category = rng.weighted(CLASSES);
  const place = pickPlace(run);
  const caseId = windowCaseId(run.requestId, 'petition');
  const petition = run.forCase(caseId);
  const parties = generateParties(rng, caseId, 'other').slice(0, 1);
  const common = { category, summary: rng.pick(SUMMARIES_BY_CLASS[category]!), area: place.community, claimedAmountFen: null, parties };
  opened(run, 'petition', INTAKE[channel]);
  let registrar: Acting;
  if (channel === 'web') {
    registrar = staff('petitionOfficer', district.districtId);
    await petition.exec('Submit', { kind: 'petition', channel, receivingUnit: district.districtId, ...common }, { role: 'petitioner', unit: district.districtId, id: parties[0]!.subjectId });
    await later(run, 0, 2);
  } else {
    await run.until(officeMoment(run.calendar, run.now(), rng));
    if (channel === 'letter') {
      registrar = staff('petitionOfficer', district.districtId);
      await petition.exec('Submit', { kind: 'petition', channel, receivingUnit: district.districtId, ...common }, registrar);
      await later(run, 0, 3);
    } else {
      const window = rng.chance(0.5) ? district.districtId : place.subDistrict;
      registrar = staff('intakeClerk', window);
      await run.receive({ matter: category, channel, receivingUnit: window, ...common }, registrar);
      await minutes(run, 5, 30);
    }
  }
  const matterKey = `matter-${caseId}`;
  const group = channel === 'visit' && rng.chance(0.06);
  await petition.exec('RegisterPetition', { matterKey, representatives: group ? rng.int(2, 5) : 1, materialWithheldFromAccused: category === 'accusation' }, registrar);
  const outcome = await handlePetition(petition, category, place, matterKey, registrar);
  if (outcome === 'final' && rng.chance(REPEATED)) await repeatPetition(petition, place, matterKey, common);
};

/** After registration: transfer, acceptance, handling by class, aftercare and closure; or conversion to mediation, redirection, refusal. */
const handlePetition = async (run: CaseRun, category: string, place: Place, matterKey: string, registrar: Acting): Promise<'final' | 'other'> => {
  const { rng, district } = run;
  if (category === 'grievance' && rng.chance(TO_MEDIATION)) {
    await convertToMediation(run, place, registrar);
    return 'other';
  }
  const petitionOffice = staff('petitionOfficer', district.districtId);
  if (rng.chance(0.04)) {
    await later(run, 1, 10);
    await run.exec('RedirectPetitioner', { route: 'competentOrgan', explanation: 'Told the petitioner which organ takes the matter (Art 23)' }, petitionOffice);
    await later(run, 0, 2);
    await run.exec('Close', { referredTo: null, note: null }, petitionOffice);
    return 'other';
  }
  // A sub-district's window handles its own grievances and suggestions (属地); the district's petition office transfers what it receives.
  const receivedAt = run.district.units.find((u) => u.id === registrar.unit);
  let organ = receivedAt?.level === 'subDistrict' && category !== 'accusation' ? registrar.unit : organFor(run, category, place);
  if (organ !== registrar.unit) {
    await later(run, 1, rng.chance(0.06) ? 18 : 12);
    await run.exec('Dispatch', { to: organ, reason: 'Transferred to the organ with the power to handle it (Art 22)' }, petitionOffice);
    if (category !== 'accusation' && rng.chance(0.04)) {
      await later(run, 1, 5);
      await run.exec('ObjectToJurisdiction', { reason: 'The matter lies with another organ' }, staff('handlingOfficer', organ));
      await later(run, 1, 3);
      await run.exec('ReturnToSender', { reason: 'Objection accepted; transferred again' }, petitionOffice);
      organ = organ === place.subDistrict ? district.departments.laborBureau : place.subDistrict;
      await later(run, 0, 2);
      await run.exec('Dispatch', { to: organ, reason: 'Transferred to the competent organ' }, petitionOffice);
    }
  }
  const officer = staff('handlingOfficer', organ);
  await later(run, 2, 13);
  if (rng.chance(0.07)) {
    await run.exec(
      'Review',
      {
        decision: { outcome: 'rejected', reason: rng.weighted({ outsideScope: 40, litigationRelated: 30, alreadyBeingHandled: 10, incomplete: 20 }), note: 'The reasons given in the written notice' },
      },
      officer,
    );
    await run.exec('SendReceiptNotice', { form: 'written' }, officer);
    await later(run, 0, 2);
    await run.exec('Close', { referredTo: null, note: null }, officer);
    return 'other';
  }
  await run.exec('Review', { decision: { outcome: 'accepted', note: null } }, officer);
  await run.exec('SendReceiptNotice', { form: 'written' }, officer);
  let final = false;
  if (category === 'suggestion') {
    await later(run, 5, 40);
    await run.exec('AnswerSuggestion', { adopted: rng.chance(0.3), answer: 'Answered in writing' }, officer);
  } else if (category === 'accusation') {
    await later(run, 10, 50);
    await run.exec('ConcludeAccusation', { finding: 'Investigated; the findings passed to the competent body' }, officer);
  } else {
    if ((await handleGrievance(run, organ, matterKey)) === 'procedure') return 'other';
    final = true;
    if (rng.chance(0.3)) {
      await later(run, 1, 10);
      await run.exec('RecordAftercare', { kind: rng.weighted({ counselling: 40, disputeResolution: 20, assistance: 20, socialAid: 15, judicialAid: 5 }), note: 'Visited with the community' }, officer);
    }
  }
  await later(run, 1, 7);
  await run.exec('RecordCallback', { purpose: 'followUp', reached: true, satisfaction: rng.weighted({ satisfied: 55, basicallySatisfied: 25, dissatisfied: 20 }), note: null }, petitionOffice);
  await later(run, 0, 2);
  await run.exec('Close', { referredTo: null, note: null }, petitionOffice);
  return final ? 'final' : 'other';
};

/** A grievance that is a civil dispute goes to the mediation desk (访调对接): the petition converts into a mediation case. */
const convertToMediation = async (run: CaseRun, place: Place, registrar: Acting): Promise<void> => {
  const { rng } = run;
  // The one window's clerk converts it: a petition's LinkCase and a mediation's Submit both allow the intakeClerk.
  const clerk = staff('intakeClerk', registrar.role === 'intakeClerk' ? registrar.unit : run.district.districtId);
  const category = rng.weighted({ tenancy: 35, neighbour: 30, consumer: 20, property: 15 });
  const caseId = windowCaseId(run.requestId, 'mediation');
  await later(run, 0.5, 5);
  const converted = await run.convert(
    {
      kind: 'mediation',
      caseId,
      channel: 'referral',
      category,
      summary: rng.pick(SUMMARIES[category]!),
      receivingUnit: clerk.unit,
      area: place.community,
      claimedAmountFen: null,
      parties: generateParties(rng, caseId, category),
    },
    'A civil dispute, not a petition matter: to the mediation desk (访调对接)',
    clerk,
  );
  await minutes(run, 5, 60);
  await run.exec('Close', { referredTo: null, note: 'Converted to mediation' }, staff('petitionOfficer', run.district.districtId));
  await continueMediation(converted.run, converted.state, { category, area: place.community, online: false });
};

/** The petitioner comes back after finality with the same matter: the registration is refused (Art 36 para 3) and the letter is closed as withdrawn after they are told. */
const repeatPetition = async (run: CaseRun, place: Place, matterKey: string, common: Readonly<Record<string, unknown>>): Promise<void> => {
  const { district } = run;
  await later(run, 10, 60);
  const again = run.forCase(`${run.caseId}-again`);
  const office = staff('petitionOfficer', district.districtId);
  opened(run, 'petition', 'letter');
  await again.exec('Submit', { kind: 'petition', channel: 'letter', receivingUnit: district.districtId, ...common, area: place.community }, office);
  await later(run, 0, 3);
  await again.refused('RegisterPetition', { matterKey, representatives: 1, materialWithheldFromAccused: false }, office, 'MatterAlreadyFinal');
  run.tally.finalMatterRefused();
  await minutes(run, 10, 60);
  await again.exec('Withdraw', { reason: 'The matter is final (信访工作条例 Art 36); told the petitioner it is not accepted again' }, office);
};
