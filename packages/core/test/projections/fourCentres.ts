import { legalAidWorkflow } from '@casefold/core';
import { run, submit } from '../support/fixtures.js';
import { FIVE_FIXES, type GridStep, report, runGrid } from '../workflows/gridEventFixtures.js';
import { play, submitCommand } from '../workflows/legalServicesFixtures.js';
import { accepted } from '../workflows/petitionFixtures.js';

/*
 * One small store of the four centres behind one window, every case decided by the real
 * decider: a mediation request in mediation, a petition accepted at the sub-district, a grid
 * event a micro-grid's worker resolved on the spot, a grid event dispatched to the sanitation
 * station (its 4-working-hour limit running), a grid event converted to a mediation case
 * (访调对接), that mediation case, and a legal-aid application waiting for its decision.
 */

const at = (hhmm: string, day = '01') => `2026-06-${day}T${hhmm}:00.000Z`;
const step = (time: string, role: string, unit: string, command: Record<string, unknown>): GridStep => ({ at: time, role, unit, command });

/** A tenancy dispute in mediation at the Majie North community since 6 May. */
export const mediation = run([
  { at: '2026-05-05T01:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: submit('T-1', { claimedAmountFen: 20_000_000 }) },
  { at: '2026-05-05T02:00:00.000Z', role: 'intakeClerk', unit: 'majie', command: { type: 'Review', caseId: 'T-1', decision: { outcome: 'accepted', note: null } } },
  { at: '2026-05-05T03:00:00.000Z', role: 'dispatcher', unit: 'majie', command: { type: 'Dispatch', caseId: 'T-1', to: 'majie-north', reason: null } },
  { at: '2026-05-06T01:00:00.000Z', role: 'mediator', unit: 'majie-north', command: { type: 'StartMediation', caseId: 'T-1', track: 'people' } },
]);

/** A grievance (P-1) received by the district petition bureau, transferred to Majie and accepted there on 8 May. */
export const petition = accepted();

/** Litter resolved on the spot by the worker of the building micro-grid (小事不出楼栋), closed settled. */
export const onTheSpot = runGrid([
  step(at('01:00'), 'gridWorker', 'grid-7-b3', report('B-1', { receivingUnit: 'grid-7-b3', area: 'grid-7-b3', category: 'greenSpaceLitter' })),
  step(at('01:20'), 'gridWorker', 'grid-7-b3', { type: 'ResolveOnTheSpot', caseId: 'B-1', action: 'Cleared the litter with the residents', evidence: ['photo-5'] }),
  step(at('02:00'), 'gridChief', 'grid-7', { type: 'Close', caseId: 'B-1', referredTo: null, note: null }),
]);

/** Exposed rubbish filed with the five fixes and dispatched to the district sanitation station at 10:00 Beijing on 1 June. */
export const dispatched = runGrid([
  step(at('01:00'), 'inspector', 'majie', report('D-1')),
  step(at('01:30'), 'shiftLead', 'majie', { type: 'FileEvent', caseId: 'D-1', fiveFixes: FIVE_FIXES }),
  step(at('02:00'), 'dispatcher', 'majie', { type: 'Dispatch', caseId: 'D-1', to: 'xishan-sanitation', reason: null }),
]);

/** A neighbours' quarrel a grid worker found: converted to mediation case M-2, then closed (not settled: it goes on as M-2). */
export const converted = runGrid([
  step(at('03:00'), 'gridWorker', 'grid-7', report('G-2', { channel: 'patrol', receivingUnit: 'grid-7', area: 'grid-7', category: 'civilDispute' })),
  step(at('03:10'), 'gridWorker', 'grid-7', { type: 'LinkCase', caseId: 'G-2', linkedCaseId: 'M-2', kind: 'mediation', relation: 'convertedTo', note: null }),
  step(at('03:20'), 'gridChief', 'grid-7', { type: 'Close', caseId: 'G-2', referredTo: null, note: null }),
]);

/** The mediation case G-2 became: received at Majie by referral, linked back. */
export const convertedInto = run([
  {
    at: at('03:10'),
    role: 'intakeClerk',
    unit: 'majie',
    command: submit('M-2', { channel: 'referral', category: 'neighbour', links: [{ caseId: 'G-2', kind: 'gridEvent', relation: 'convertedFrom' }] }),
  },
]);

/** A labour legal-aid application received at the Majie window on 1 June (the 7-day decision limit running). */
export const legalAid = play(legalAidWorkflow, [{ at: at('04:00'), role: 'intakeClerk', unit: 'majie', command: submitCommand('A-1') }]);

/** Every case of the four centres, in the order they are appended. */
export const fourCentres = [mediation, petition, onTheSpot, dispatched, converted, convertedInto, legalAid] as const;
