import { type CaseState, windowCaseId } from '@casefold/core';
import { type Acting, type CaseRun, type Place, type WindowIntake, later, opened, pickPlace, staff, windowUnit, yuan } from '../caseRun.js';
import { generateParties } from '../people.js';
import type { Prng } from '../prng.js';
import { DAY_MS, officeMoment, officeMomentAfter } from '../workingTime.js';
import { continueLegalAid } from './legalAidScript.js';

/*
 * Proportions (docs/getting-started.md, "What the year holds"): labour disputes over 60% of
 * mediations (the source; the labour bureau takes about seven in ten of them, as its 2,519
 * labour mediations in three years suggest beside the centre's caseload); online requests
 * 80 of 330 mediated cases (24%) in the source.
 */
/** How a mediation request comes in, when it is not a conversion. */
const INTAKE = { window: 58, online: 24, transfer: 10, patrol: 8 } as const;
/** Online channels of the mediation request, by share. */
const ONLINE_CHANNELS = { legalHotline12348: 30, govApp: 32, wechatMiniProgram: 38 } as const;
/** The share of labour disputes at the window that also need legal aid: triaged into two linked cases. */
const NEEDS_LEGAL_AID = 0.12;
/** Categories of mediation requests (conversions add neighbours', family and tenancy disputes). */
export const CATEGORIES = { labour: 75, tenancy: 9, neighbour: 7, family: 5, consumer: 5, property: 4, traffic: 2, other: 2 } as const;
const REJECTIONS = { outOfArea: 34, notSuitableForMediation: 24, beforeCourtOrOtherOrgan: 16, duplicate: 11, incomplete: 10, partyRefuses: 5 } as const;
/** What mediation requests are about, by category. */
export const SUMMARIES: Readonly<Record<string, readonly string[]>> = {
  labour: ['Unpaid wages for site work', 'Dismissal without severance pay', 'Overtime pay withheld', 'Social insurance not paid by employer', 'Work injury compensation'],
  tenancy: ['Deposit not returned after the lease ended', 'Rent arrears on a shop lease', 'Early termination of a flat lease'],
  neighbour: ['Water leaking into the flat below', 'Noise from renovation work', 'Shared corridor blocked'],
  family: ['Support of elderly parents', 'Division of a family house', 'Maintenance after divorce'],
  consumer: ['Prepaid gym card not refunded', 'Faulty appliance not replaced', 'Training course refund refused'],
  property: ['Property fee dispute with the management company', 'Parking space allocation', 'Lift repair costs'],
  traffic: ['Compensation after a minor collision', 'E-bike accident repair costs'],
  other: ['Dispute over a loan between acquaintances', 'Damage to a stall at the market'],
};
const SATISFIED_AFTER: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  agreement: { verySatisfied: 46, satisfied: 34, basicallySatisfied: 12, dissatisfied: 6, veryDissatisfied: 2 },
  other: { verySatisfied: 12, satisfied: 24, basicallySatisfied: 26, dissatisfied: 27, veryDissatisfied: 11 },
};

/**
 * Calls the requester back until the call reaches them (chance `reachChance` each time) or
 * three attempts are recorded, as the mediation workflow's closing requirement asks.
 */
const callBack = async (run: CaseRun, purpose: string, reachChance: number, satisfaction: () => string | null, acting: Acting): Promise<void> => {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const reached = run.rng.chance(reachChance);
    await run.exec('RecordCallback', { purpose, reached, satisfaction: reached ? satisfaction() : null, note: null }, acting);
    if (reached) return;
    if (attempt < 3) await later(run, 0.5, 2);
  }
};

const claimFor = (rng: Prng, category: string): number | null => {
  if (rng.chance(0.18)) return null;
  const [min, max] = category === 'labour' ? [3_000, 80_000] : category === 'tenancy' ? [5_000, 300_000] : [500, 60_000];
  return yuan(Math.round(rng.int(min, max) / 100) * 100);
};

/** The unit that reviews a case: its owner, or for a grid the community above it. */
const reviewerUnit = (run: CaseRun, owner: string): string => run.district.units.find((u) => u.id === owner && u.level === 'grid')?.parent ?? owner;

/** Runs one mediation at the unit holding the case; may escalate and mediate again one level up. */
const mediate = async (run: CaseRun, state: CaseState, category: string): Promise<CaseState> => {
  const { rng } = run;
  let current = state;
  const here = (): string => current.handlingUnit ?? '';
  const level = current.handlingLevel;
  const track =
    level === 'department'
      ? rng.chance(0.8)
        ? 'administrative'
        : 'people'
      : level === 'district'
        ? rng.chance(0.4)
          ? 'judicial'
          : 'people'
        : level === 'subDistrict' && rng.chance(0.2)
          ? 'judicial'
          : 'people';
  await later(run, 0, 2);
  current = await run.exec('StartMediation', { track }, staff('mediator', here()));
  const rule = category === 'labour' ? 'mediation.labour' : 'mediation';
  const escalates = (level === 'grid' && rng.chance(0.25)) || (level === 'community' && rng.chance(0.07)) || (level === 'subDistrict' && rng.chance(0.05));
  if (escalates) {
    await later(run, 1, 6);
    const unit = run.district.units.find((u) => u.id === here());
    current = await run.exec('Escalate', { to: unit?.parent, reason: 'Parties far apart; needs the authority of the level above' }, staff('mediator', here()));
    return mediate(run, current, category);
  }
  if (rng.chance(0.08)) {
    await later(run, 1, 5);
    current = await run.exec('PauseClock', { rule, reason: rng.pick(['appraisal', 'hearing', 'supplementingEvidence', 'partyUnavailable']) }, staff('mediator', here()));
    await later(run, 2, 10);
    current = await run.exec('ResumeClock', { rule }, staff('mediator', here()));
  }
  if (rule === 'mediation' && current.clocks[rule]?.extendedBy === 0 && rng.chance(0.12)) {
    await later(run, 5, 20);
    current = await run.exec('ExtendDeadline', { rule, by: rng.int(10, 30), reason: 'Complex facts; parties asked for more time' }, staff('leaderInCharge', here()));
  }
  const late = rng.chance(category === 'labour' ? 0.12 : 0.15);
  const startedAt = run.now();
  const days = category === 'labour' ? (late ? [16, 32] : [2, 13]) : late ? [31, 55] : [5, 27];
  const endAt = officeMomentAfter(run.calendar, startedAt, days[0]! + rng.next() * (days[1]! - days[0]!), rng);
  if (late) {
    const dueDays = category === 'labour' ? 15 : 30;
    await run.until(officeMomentAfter(run.calendar, startedAt, dueDays + 1 + rng.next() * 2, rng));
    if (run.now() < endAt && current.supervision === 'normal') {
      current = await run.exec('RaiseSupervision', { level: 'yellow', reason: 'Mediation deadline passed' }, staff('leaderInCharge', run.district.districtId));
      if (rng.chance(0.3)) {
        await later(run, 3, 8);
        if (run.now() < endAt) current = await run.exec('RaiseSupervision', { level: 'red', reason: 'Still unresolved after a yellow card' }, staff('leaderInCharge', run.district.districtId));
      }
    }
  }
  await run.until(endAt);
  const outcome = rng.weighted({ agreement: 68, noAgreement: 24, withdrawn: 8 });
  if (outcome === 'agreement') {
    const written = rng.chance(0.85);
    const claimed = current.claimedAmountFen ?? yuan(rng.int(2_000, 40_000));
    const amountFen = Math.round((claimed * (0.5 + rng.next() * 0.5)) / 100) * 100;
    const withTerms = written && rng.chance(0.55);
    const dueDate = new Date(run.now() + rng.int(30, 120) * DAY_MS).toISOString().slice(0, 10);
    return run.exec(
      'RecordMediation',
      {
        result: {
          outcome,
          form: written ? 'written' : 'oral',
          terms: 'Payment of the agreed sum; both parties waive further claims',
          amountFen,
          paymentTerms: withTerms ? { dueDate, instalments: rng.int(1, 6) } : null,
        },
      },
      staff('mediator', here()),
    );
  }
  return run.exec(
    'RecordMediation',
    { result: outcome === 'noAgreement' ? { outcome, reason: 'Parties could not agree on the amount' } : { outcome, reason: 'Applicant withdrew during mediation' } },
    staff('mediator', here()),
  );
};

/** Sends the case to the unit that will mediate it (labour bureau, a community, a sub-district) or keeps it. */
const route = async (run: CaseRun, state: CaseState, category: string, area: string): Promise<CaseState> => {
  const { rng, district } = run;
  const owner = state.handlingUnit ?? '';
  const ownerLevel = state.handlingLevel;
  const unitOf = (id: string) => district.units.find((u) => u.id === id);
  const areaUnit = unitOf(area);
  const areaCommunity = areaUnit?.level === 'grid' ? (areaUnit.parent ?? area) : area;
  const areaSub = unitOf(areaCommunity)?.parent ?? district.subDistrictIds[0]!;
  let target: string | null = null;
  if (ownerLevel === 'grid') target = null;
  else if (category === 'labour' && rng.chance(0.72)) target = district.labourBureauId;
  else if (ownerLevel === 'district') target = rng.chance(0.55) ? areaSub : areaCommunity;
  else if (ownerLevel === 'subDistrict') target = owner === areaSub && rng.chance(0.7) ? areaCommunity : null;
  if (target === null) return state;
  await later(run, 0, 1);
  const sender = ownerLevel === 'district' ? 'dispatcher' : 'intakeClerk';
  let current = await run.exec('Dispatch', { to: target, reason: null }, staff(sender, owner));
  if (target !== district.labourBureauId && rng.chance(0.03)) {
    await later(run, 0.5, 3);
    current = await run.exec('ReturnToSender', { reason: 'The dispute lies outside our area' }, staff('dispatcher', target));
    return current;
  }
  if (unitOf(target)?.level === 'subDistrict' && rng.chance(0.5)) {
    await later(run, 0, 1);
    current = await run.exec('Dispatch', { to: areaCommunity, reason: null }, staff('dispatcher', target));
  }
  return current;
};

/** How a mediation case came to be submitted: what its review and routing need to know. */
export interface MediationIntake {
  readonly category: string;
  readonly area: string;
  /** Submitted online by the requester (reviewed within hours to days rather than at once). */
  readonly online: boolean;
}

/** Submits a new mediation request: at the one window (sometimes with a linked legal-aid application), online, transferred by a court or the police, or from a grid patrol. */
const submitMediation = async (run: CaseRun): Promise<{ readonly run: CaseRun; readonly state: CaseState; readonly intake: MediationIntake }> => {
  const { rng, calendar, district } = run;
  const route = rng.weighted(INTAKE);
  const category = rng.weighted(CATEGORIES);
  const place: Place = pickPlace(run);
  const area = rng.chance(0.35) ? place.grid : place.community;
  const caseId = windowCaseId(run.requestId, 'mediation');
  const mediation = run.forCase(caseId);
  const common = { category, summary: rng.pick(SUMMARIES[category]!), area, claimedAmountFen: claimFor(rng, category), parties: generateParties(rng, caseId, category) };
  if (route === 'online') {
    opened(run, 'mediation', 'online');
    const state = await mediation.exec(
      'Submit',
      { kind: 'mediation', channel: rng.weighted(ONLINE_CHANNELS), receivingUnit: district.districtId, ...common },
      { role: 'requester', unit: district.districtId },
    );
    return { run: mediation, state, intake: { category, area, online: true } };
  }
  await run.until(officeMoment(calendar, run.now(), rng));
  if (route === 'window') {
    const receivingUnit = windowUnit(run, place);
    const linked = category === 'labour' && rng.chance(NEEDS_LEGAL_AID);
    const request: WindowIntake = {
      matter: linked ? 'labourDisputeNeedingLegalAid' : category === 'labour' ? 'labourDispute' : 'civilDispute',
      channel: rng.chance(0.88) ? 'visit' : 'phone',
      receivingUnit,
      ...common,
    };
    const [state, aid] = await run.receive(request, staff('intakeClerk', receivingUnit));
    opened(run, 'mediation', 'window');
    if (linked) {
      run.tally.linked();
      opened(run, 'legalAid', 'window');
      run.spawn(windowCaseId(run.requestId, 'legalAid'), (aidRun) => continueLegalAid(aidRun, aid!, { online: false }));
    }
    return { run: mediation, state: state!, intake: { category, area, online: request.channel === 'phone' } };
  }
  const receivingUnit = route === 'patrol' ? place.grid : place.subDistrict;
  opened(run, 'mediation', route);
  const state = await mediation.exec(
    'Submit',
    { kind: 'mediation', channel: route === 'patrol' ? 'gridPatrol' : 'referral', receivingUnit, ...common, area: route === 'patrol' ? place.grid : area },
    staff(route === 'patrol' ? 'gridWorker' : 'intakeClerk', receivingUnit),
  );
  return { run: mediation, state, intake: { category, area: route === 'patrol' ? place.grid : area, online: false } };
};

/**
 * A mediation request's life at a district centre, as a script over simulated time:
 * submission through a channel, then {@link continueMediation}. The case stops wherever it
 * is when the simulated year ends.
 */
export const playMediation = async (run: CaseRun): Promise<void> => {
  const submitted = await submitMediation(run);
  await continueMediation(submitted.run, submitted.state, submitted.intake);
};

/**
 * A submitted mediation case from review on: review (sometimes late, sometimes a rejection
 * with a call-back), routing, mediation with possible escalation, pauses, extensions and
 * supervision, notarization, the follow-up call-back and closure. Also how a case converted
 * from a grid event or a petition goes on.
 */
export const continueMediation = async (run: CaseRun, submitted: CaseState, intake: MediationIntake): Promise<void> => {
  const { rng } = run;
  const { category, area, online } = intake;
  let state = submitted;
  const owner = state.owner ?? '';
  const reviewer = reviewerUnit(run, owner);
  const slowReview = rng.chance(0.05);
  if (slowReview) await later(run, 3.2, 6);
  else await later(run, online ? 0.1 : 0, online ? 2.2 : 0.2);
  if (rng.chance(0.01)) {
    await run.exec('Withdraw', { reason: 'Settled privately before review' }, staff('intakeClerk', reviewer));
    return;
  }
  if (rng.chance(0.12)) {
    state = await run.exec(
      'Review',
      { decision: { outcome: 'rejected', reason: rng.weighted(REJECTIONS), note: 'Told the requester which body handles this matter' } },
      staff('intakeClerk', reviewer),
    );
    if (rng.chance(0.05)) {
      await later(run, 0.5, 1);
      await run.exec('ExtendDeadline', { rule: 'rejectionCallback', by: rng.int(1, 2), reason: 'Requester unreachable so far' }, staff('leaderInCharge', reviewer));
    }
    const slowCallback = rng.chance(0.1);
    await later(run, slowCallback ? 3 : 0, slowCallback ? 6 : 2);
    await callBack(run, 'rejectionExplained', 0.9, () => (rng.chance(0.8) ? rng.weighted(SATISFIED_AFTER['other']!) : null), staff('followUpAgent', reviewer));
    await later(run, 0, 1);
    await run.exec('Close', { referredTo: null, note: null }, staff('intakeClerk', reviewer));
    return;
  }
  state = await run.exec('Review', { decision: { outcome: 'accepted', note: null } }, staff('intakeClerk', reviewer));
  state = await route(run, state, category, area);
  if (rng.chance(0.02)) {
    await later(run, 1, 4);
    await run.exec('Withdraw', { reason: 'Applicant no longer wishes to pursue the matter' }, staff('intakeClerk', reviewer));
    return;
  }
  state = await mediate(run, state, category);
  const outcome = state.mediationResult;
  if (outcome === 'agreement' && state.agreement?.form === 'written' && state.agreement.hasPaymentTerms && rng.chance(0.4)) {
    await later(run, 2, 10);
    state = await run.exec(
      'Notarize',
      { notaryOffice: 'kunming-notary-1', certificateNo: `(${new Date(run.now()).getUTCFullYear()})云昆证字第${rng.int(1000, 99999)}号` },
      { role: 'notary', unit: 'kunming-notary-1' },
    );
  }
  if (outcome !== 'withdrawn') {
    await later(run, 1, 7);
    await callBack(run, 'followUp', 0.86, () => rng.weighted(SATISFIED_AFTER[outcome === 'agreement' ? 'agreement' : 'other']!), staff('followUpAgent', reviewer));
  }
  await later(run, 0, 3);
  const referredTo = outcome === 'noAgreement' ? (category === 'labour' ? (rng.chance(0.7) ? 'arbitration' : null) : rng.pick(['litigation', 'litigation', 'adminAuthority', 'legalAid', null])) : null;
  await run.exec('Close', { referredTo, note: null }, staff('intakeClerk', reviewer));
};
