import type { CaseBoardRow } from '../projections/caseBoard/caseBoardRows.js';

/**
 * Case `i` of a synthetic case board (rows of `caseBoardRows`, written directly) spread over 80
 * sub-districts of the sample directory's district `xishan` (`majie` holds every 80th case,
 * `sd-1` … `sd-79` the others), every fourth case a petition, every third one closed; case `i`
 * submitted `i` minutes after 2026-01-01. For tests of row stores and their query plans.
 */
export const spreadBoardRow = (i: number): CaseBoardRow => {
  const subDistrict = i % 80 === 0 ? 'majie' : `sd-${i % 80}`;
  const closed = i % 3 === 2;
  const at = Date.UTC(2026, 0, 1) + i * 60_000;
  return {
    streamId: `case-${i}`,
    caseId: `C-${i}`,
    kind: i % 4 === 0 ? 'petition' : 'mediation',
    workflowVersion: 1,
    status: closed ? 'handled' : 'pending',
    stage: closed ? 'closed' : 'routed',
    outcome: closed ? 'settled' : null,
    owner: subDistrict,
    unit: subDistrict,
    level: 'subDistrict',
    districtUnit: 'xishan',
    subDistrictUnit: subDistrict,
    communityUnit: null,
    gridUnit: null,
    open: closed ? 0 : 1,
    submittedAt: new Date(at).toISOString(),
    submittedMs: at,
    lastEventAt: new Date(at).toISOString(),
  };
};
