import { type CaseState, windowCaseId } from '@casefold/core';
import { type Acting, type CaseRun, type Place, afterWorkingHours, later, minutes, opened, pickPlace, staff } from '../caseRun.js';
import { generateParties } from '../people.js';
import { officeMoment } from '../workingTime.js';
import type { IntakeRoute } from '../yearTally.js';
import { SUMMARIES, continueMediation } from './mediationScript.js';

/** Who reports a grid event, and through what (G1): most come from the grid workers' own patrols (人在网中走、事在格中办). */
const SOURCES = { gridPatrol: 58, inspectorPatrol: 8, citizenOnline: 8, citizenAtWindow: 4, hotline: 12, video: 6, superior: 2, media: 2 } as const;
type Source = keyof typeof SOURCES;
/** The event classes of the class table (exposed rubbish by far the most common), and the disputes grid workers find (矛盾纠纷排查). */
const CLASSES = {
  exposedRubbish: 26,
  roadNotCleaned: 10,
  greenSpaceLitter: 10,
  constructionWaste: 8,
  standingWater: 6,
  spoilHeap: 5,
  illegalConstruction: 6,
  deadVegetation: 5,
} as const;
/** The share of disputes among what a grid worker's patrol finds. */
const DISPUTE_SHARE = 0.22;
/** Small matters stay in the building or the grid (小事不出楼栋、小事不出网格): the share a grid worker settles on the spot. */
const ON_THE_SPOT = { matter: 0.6, dispute: 0.55 } as const;
const SUMMARIES_BY_CLASS: Readonly<Record<string, string>> = {
  exposedRubbish: 'Rubbish piled beside the bins',
  roadNotCleaned: 'Road not swept after 08:00',
  greenSpaceLitter: 'Litter in the green belt',
  constructionWaste: 'Renovation waste dumped in the lane',
  standingWater: 'Standing water at the crossing',
  spoilHeap: 'Spoil heap left by a building site',
  illegalConstruction: 'Rooftop extension built without a permit',
  deadVegetation: 'Dead trees along the avenue',
};
/** The class's limit in working hours (the class table; working days at 7 working hours), as `gridEventWorkflow` starts it at dispatch. */
const LIMIT_HOURS: Readonly<Record<string, number>> = {
  exposedRubbish: 4,
  constructionWaste: 4,
  standingWater: 4,
  greenSpaceLitter: 4,
  roadNotCleaned: 2,
  spoilHeap: 14,
  deadVegetation: 35,
  illegalConstruction: 140,
};
/** The grid-event channel of each source, and how the case counts in the year's intake. */
const CHANNEL: Readonly<Record<Source, readonly [string, IntakeRoute]>> = {
  gridPatrol: ['patrol', 'patrol'],
  inspectorPatrol: ['patrol', 'patrol'],
  citizenOnline: ['citizen', 'online'],
  citizenAtWindow: ['citizen', 'window'],
  hotline: ['hotline', 'transfer'],
  video: ['video', 'transfer'],
  superior: ['superior', 'transfer'],
  media: ['media', 'transfer'],
};
/** A dispute a grid worker finds becomes a mediation case in one of these categories when converted. */
const DISPUTE_CATEGORIES = { neighbour: 50, property: 25, family: 15, other: 10 } as const;

/** The department responsible for a class (the workflow's competence). */
const departmentFor = (run: CaseRun, category: string): string => {
  const { departments } = run.district;
  if (category === 'greenSpaceLitter' || category === 'deadVegetation') return departments.parks;
  if (category === 'illegalConstruction') return departments.urbanEnforcement;
  if ((category === 'constructionWaste' || category === 'spoilHeap') && run.rng.chance(0.5)) return departments.urbanEnforcement;
  return departments.sanitation;
};

/**
 * The unit an event is dispatched to: the responsible department, or, for a matter inside a
 * residential compound that the centre holds, the community (a grid's report reaches only
 * units below it and the departments).
 */
const responsibleUnit = (run: CaseRun, category: string, place: Place, heldAtCentre: boolean): string =>
  heldAtCentre && category !== 'illegalConstruction' && run.rng.chance(0.15) ? place.community : departmentFor(run, category);

/** The grid worker settles it on the spot (备案: filed for the record), with a photo as evidence, and the grid chief closes it. */
const resolveOnTheSpot = async (run: CaseRun, level: 'grid' | 'microGrid', unit: string, gridChiefUnit: string, action: string): Promise<void> => {
  await minutes(run, 10, 90);
  await run.exec('ResolveOnTheSpot', { action, evidence: [`photo-${run.caseId}-1`] }, staff('gridWorker', unit));
  run.tally.resolvedOnTheSpot(level);
  await later(run, 0, 1);
  await run.exec('Close', { referredTo: null, note: null }, staff('gridChief', gridChiefUnit));
};

/** A dispute found on patrol that is not settled on the spot goes to the mediation desk (访调对接): the event converts into a mediation case. */
const convertToMediation = async (run: CaseRun, place: Place): Promise<void> => {
  // The grid's worker (above a micro-grid) converts it, and the grid receives the mediation request.
  const worker = staff('gridWorker', place.grid);
  const { rng } = run;
  const category = rng.weighted(DISPUTE_CATEGORIES);
  const caseId = windowCaseId(run.requestId, 'mediation');
  await later(run, 0, 1);
  const converted = await run.convert(
    {
      kind: 'mediation',
      caseId,
      channel: 'gridPatrol',
      category,
      summary: rng.pick(SUMMARIES[category]!),
      receivingUnit: worker.unit,
      area: place.grid,
      claimedAmountFen: null,
      parties: generateParties(rng, caseId, category),
    },
    'A dispute between residents: to the mediation desk (访调对接)',
    worker,
  );
  await minutes(run, 5, 60);
  await run.exec('Close', { referredTo: null, note: 'Converted to mediation' }, staff('gridChief', place.grid));
  await continueMediation(converted.run, converted.state, { category, area: place.grid, online: false });
};

/**
 * The centre works an event through (G2–G12): verification on site for reports from citizens,
 * the hotline or the media; filing with the five fixes or cancelling; dispatch by class to the
 * responsible unit (the class's clock starts); acceptance, now and then a return; interim
 * measures for illegal construction; an extension or a park now and then; disposal with
 * evidence, sometimes late with a supervision card; the check on site, rework when it fails;
 * evaluation and closure.
 */
const workThrough = async (run: CaseRun, state: CaseState, category: string, place: Place, channel: string): Promise<void> => {
  const { rng, district } = run;
  const centreUnit = state.owner === district.districtId ? district.districtId : place.subDistrict;
  const centre = (role: string): Acting => staff(role, centreUnit);
  await later(run, 0, 0.3);
  if (channel === 'citizen' || channel === 'hotline' || channel === 'media') {
    await run.exec('RequestVerification', { note: 'Inspector to confirm on site' }, centre('intakeClerk'));
    await afterWorkingHours(run, rng.int(1, 5));
    const confirmed = rng.chance(0.9);
    await run.exec('VerifyOnSite', { confirmed, findings: confirmed ? 'Confirmed on site' : 'Nothing found at the address' }, staff('inspector', state.owner ?? centreUnit));
    if (!confirmed) {
      await run.exec('Review', { decision: { outcome: 'rejected', reason: 'notConfirmedOnSite', note: 'Told the reporter nothing was found at the address' } }, centre('shiftLead'));
      await minutes(run, 5, 60);
      await run.exec('Close', { referredTo: null, note: null }, centre('shiftLead'));
      return;
    }
  } else if (rng.chance(0.03)) {
    await run.exec('Review', { decision: { outcome: 'rejected', reason: 'duplicate', note: 'Already filed from another report' } }, centre('shiftLead'));
    await minutes(run, 5, 60);
    await run.exec('Close', { referredTo: null, note: null }, centre('shiftLead'));
    return;
  }
  const heldAtCentre = state.owner === centreUnit;
  let unit = responsibleUnit(run, category, place, heldAtCentre);
  await minutes(run, 5, 45);
  await run.exec(
    'FileEvent',
    { fiveFixes: { matter: SUMMARIES_BY_CLASS[category]!, grid: place.grid, person: `${place.grid}-worker`, responsibility: unit, closure: 'Disposed and checked on site' } },
    centre('shiftLead'),
  );
  await minutes(run, 5, 30);
  await run.exec('Dispatch', { to: unit, reason: null }, centre('dispatcher'));
  if (rng.chance(0.03)) {
    await afterWorkingHours(run, 1);
    await run.exec('ReturnToSender', { reason: 'Not this unit’s responsibility' }, staff('unitHandler', unit));
    unit = unit === place.community || !heldAtCentre ? departmentFor(run, category) : place.community;
    await minutes(run, 10, 60);
    await run.exec('Dispatch', { to: unit, reason: 'Dispatched again to the unit responsible' }, centre('dispatcher'));
  }
  const handler = staff('unitHandler', unit);
  await minutes(run, 10, 50);
  await run.exec('AcceptEvent', { note: null }, handler);
  if (category === 'illegalConstruction') {
    await afterWorkingHours(run, rng.int(1, 4));
    await run.exec('RecordInterimMeasure', { measure: 'workStopped', note: 'Work stopped on site' }, handler);
    await afterWorkingHours(run, rng.int(7, 42));
    await run.exec('RecordInterimMeasure', { measure: 'penaltyIssued', note: 'Notice of penalty issued' }, handler);
  }
  if (rng.chance(0.03)) {
    await later(run, 0.5, 2);
    await run.exec('RequestPark', { explanation: 'Needs funding beyond the unit’s budget' }, handler);
    await later(run, 0.5, 2);
    await run.exec('DecidePark', { decision: 'approved', note: 'Parked until next year’s budget (挂账)' }, centre('shiftLead'));
    await later(run, 1, 5);
    await run.exec('Close', { referredTo: null, note: 'Parked' }, centre('shiftLead'));
    return;
  }
  const limit = LIMIT_HOURS[category]!;
  const rule = category === 'illegalConstruction' ? 'disposal.illegalConstruction' : `disposal.${category}`;
  if (rng.chance(0.05)) {
    await afterWorkingHours(run, Math.max(1, Math.floor(limit / 2)));
    await run.exec(
      'ExtendDeadline',
      { rule, by: Math.max(1, Math.floor((category === 'illegalConstruction' ? 20 : limit > 7 ? limit / 7 : limit) / 2)), reason: 'Heavy equipment needed' },
      centre('shiftLead'),
    );
  }
  if (rng.chance(0.1)) {
    await afterWorkingHours(run, limit + 1);
    await run.exec('RaiseSupervision', { level: 'yellow', reason: 'Disposal past the class’s time limit' }, staff('leaderInCharge', district.districtId));
    await afterWorkingHours(run, rng.int(1, Math.max(2, limit)));
  } else await afterWorkingHours(run, rng.int(1, limit));
  await run.exec('DisposeEvent', { result: 'Disposed', evidence: [`photo-${run.caseId}-d1`] }, handler);
  await afterWorkingHours(run, rng.int(1, 4));
  if (rng.chance(0.08)) {
    await run.exec('RecordCheck', { result: 'failed', findings: 'Not fully cleared' }, centre('inspector'));
    await minutes(run, 30, 120);
    await run.exec('StartRework', { note: null }, handler);
    await afterWorkingHours(run, rng.int(1, 4));
    await run.exec('DisposeEvent', { result: 'Disposed after rework', evidence: [`photo-${run.caseId}-d2`] }, handler);
    await afterWorkingHours(run, rng.int(1, 4));
  }
  await run.exec('RecordCheck', { result: 'passed', findings: 'Checked on site' }, centre('inspector'));
  await later(run, 0, 2);
  await run.exec('EvaluateEvent', { score: rng.int(70, 100), note: null }, centre('shiftLead'));
  await minutes(run, 5, 60);
  await run.exec('Close', { referredTo: null, note: null }, centre('shiftLead'));
};

/**
 * A grid event (网格事件) from its report: most found on a grid worker's patrol, at a grid or a
 * micro-grid, and many of those settled there on the spot (小事不出网格) — a dispute between
 * residents mediated on the spot, or converted into a mediation case (访调对接); the rest
 * reported by inspectors, citizens (online or at the window), the 12345 hotline, video, a
 * superior or the media, and worked through by the centre ({@link workThrough}).
 */
export const playGridEvent = async (run: CaseRun): Promise<void> => {
  const { rng, district } = run;
  const source = rng.weighted(SOURCES);
  const [channel, route] = CHANNEL[source];
  const place = pickPlace(run);
  const caseId = windowCaseId(run.requestId, 'gridEvent');
  const event = run.forCase(caseId);
  const dispute = source === 'gridPatrol' && rng.chance(DISPUTE_SHARE);
  const category = dispute ? 'civilDispute' : rng.weighted(CLASSES);
  const summary = dispute ? 'Dispute between neighbours found on patrol' : SUMMARIES_BY_CLASS[category]!;
  const parties = generateParties(rng, caseId, 'other').slice(0, 1);
  const common = { category, summary, claimedAmountFen: null, parties };
  opened(run, 'gridEvent', route);
  if (source === 'citizenOnline') {
    const state = await event.exec(
      'Submit',
      { kind: 'gridEvent', channel, receivingUnit: district.districtId, area: place.grid, ...common },
      { role: 'citizen', unit: district.districtId, id: parties[0]!.subjectId },
    );
    return workThrough(event, state, category, place, channel);
  }
  await run.until(officeMoment(run.calendar, run.now(), rng));
  if (source === 'citizenAtWindow') {
    const [state] = await run.receive({ matter: 'cityIssue', channel: 'visit', receivingUnit: place.subDistrict, area: place.grid, ...common }, staff('intakeClerk', place.subDistrict));
    return workThrough(event, state!, category, place, channel);
  }
  if (source === 'gridPatrol') {
    const atMicroGrid = place.microGrid !== null && rng.chance(0.4);
    const unit = atMicroGrid ? place.microGrid! : place.grid;
    const worker = staff('gridWorker', unit);
    const state = await event.exec('Submit', { kind: 'gridEvent', channel, receivingUnit: unit, area: unit, ...common }, worker);
    if (rng.chance(dispute ? ON_THE_SPOT.dispute : ON_THE_SPOT.matter)) {
      return resolveOnTheSpot(event, atMicroGrid ? 'microGrid' : 'grid', unit, place.grid, dispute ? 'Mediated between the neighbours on the spot' : 'Cleared with the residents on the spot');
    }
    if (dispute) return convertToMediation(event, place);
    return workThrough(event, state, category, place, channel);
  }
  const receivingUnit = source === 'hotline' || source === 'media' ? district.districtId : place.subDistrict;
  const reporter = source === 'inspectorPatrol' ? staff('inspector', receivingUnit) : staff('intakeClerk', receivingUnit);
  const state = await event.exec('Submit', { kind: 'gridEvent', channel, receivingUnit, area: place.grid, ...common }, reporter);
  return workThrough(event, state, category, place, channel);
};
