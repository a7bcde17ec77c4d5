import type { Calendar, CaseState } from '@casefold/core';
import type { GeneratedDistrict } from './generateDistrict.js';
import { generateParties } from './people.js';
import type { Prng } from './prng.js';
import { DAY_MS, officeMoment, officeMomentAfter } from './workingTime.js';

/** Who sends a command: a role at a unit (the id is made up from both). */
export interface Acting {
  readonly role: string;
  readonly unit: string;
}

/** What a case script can do: send commands for its case, and let simulated time pass. */
export interface CaseRun {
  readonly caseId: string;
  readonly rng: Prng;
  readonly calendar: Calendar;
  readonly district: GeneratedDistrict;
  /** The simulated now (epoch ms). */
  readonly now: () => number;
  /** Sleeps until `at`. */
  readonly until: (at: number) => Promise<void>;
  /** Sends a command (type and payload; ids are added) as `acting` now; resolves with the case state after it. */
  readonly exec: (type: string, payload: Readonly<Record<string, unknown>>, acting: Acting) => Promise<CaseState>;
}

const CHANNELS = { window: 26, legalHotline12348: 14, govApp: 16, wechatMiniProgram: 22, gridPatrol: 17, referral: 5 } as const;
const CATEGORIES = { labour: 66, tenancy: 9, neighbour: 7, family: 5, consumer: 5, property: 4, traffic: 2, other: 2 } as const;
const ONLINE = new Set(['legalHotline12348', 'govApp', 'wechatMiniProgram']);
const REJECTIONS = { outOfArea: 34, notSuitableForMediation: 24, beforeCourtOrOtherOrgan: 16, duplicate: 11, incomplete: 10, partyRefuses: 5 } as const;
const SUMMARIES: Readonly<Record<string, readonly string[]>> = {
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

const yuan = (amount: number): number => amount * 100;

const staff = (role: string, unit: string): Acting => ({ role, unit });

/** Pauses for a random number of days (fractional) and lands in office hours. */
const later = async (run: CaseRun, minDays: number, maxDays: number): Promise<void> => {
  const days = minDays + run.rng.next() * (maxDays - minDays);
  await run.until(officeMomentAfter(run.calendar, run.now(), days, run.rng));
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

/** Where a case is received and who receives it, from its channel. */
const intake = (run: CaseRun, channel: string): { readonly receivingUnit: string; readonly area: string; readonly acting: Acting } => {
  const { rng, district } = run;
  const sub = rng.pick(district.subDistrictIds);
  const community = rng.pick(district.communitiesOf[sub]!);
  const grid = rng.pick(district.gridsOf[community]!);
  const area = rng.chance(0.35) ? grid : community;
  if (channel === 'gridPatrol') return { receivingUnit: grid, area: grid, acting: staff('gridWorker', grid) };
  if (ONLINE.has(channel)) return { receivingUnit: district.districtId, area, acting: { role: 'requester', unit: district.districtId } };
  const receivingUnit = channel === 'window' && rng.chance(0.3) ? district.districtId : sub;
  return { receivingUnit, area, acting: staff('intakeClerk', receivingUnit) };
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

/**
 * One case's life at a district centre, as a script over simulated time: submission
 * through a channel, review (sometimes late, sometimes a rejection with a call-back),
 * routing, mediation with possible escalation, pauses, extensions and supervision,
 * notarization, the follow-up call-back and closure. The case stops wherever it is when
 * the simulated year ends.
 */
export const playCase = async (run: CaseRun): Promise<void> => {
  const { rng, calendar } = run;
  const channel = rng.weighted(CHANNELS);
  const category = rng.weighted(CATEGORIES);
  const { receivingUnit, area, acting } = intake(run, channel);
  if (!ONLINE.has(channel)) await run.until(officeMoment(calendar, run.now(), rng));
  let state = await run.exec(
    'Submit',
    { channel, category, summary: rng.pick(SUMMARIES[category]!), receivingUnit, area, claimedAmountFen: claimFor(rng, category), parties: generateParties(rng, run.caseId, category) },
    acting,
  );
  const owner = receivingUnit;
  const reviewer = reviewerUnit(run, owner);
  const slowReview = rng.chance(0.05);
  if (slowReview) await later(run, 3.2, 6);
  else await later(run, ONLINE.has(channel) ? 0.1 : 0, ONLINE.has(channel) ? 2.2 : 0.2);
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
