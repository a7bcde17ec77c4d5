import * as E from 'fp-ts/lib/Either.js';
import { type JurisdictionDirectory, type Unit, createDirectory, decodeErrorsMessage } from '@casefold/core';

/** The city above both districts: every directory has a city at its root. */
const KUNMING: Unit = { id: 'kunming', name: '昆明市', level: 'city', parent: null, departmentKind: null };

/** The units of the Xishan tenant: the district, two of its sub-districts, a community, a grid and a bureau. */
export const XISHAN_UNITS: readonly Unit[] = [
  KUNMING,
  { id: 'xishan', name: '西山区', level: 'district', parent: 'kunming', departmentKind: null },
  { id: 'majie', name: '马街街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
  { id: 'majie-north', name: '马街北路社区', level: 'community', parent: 'majie', departmentKind: null },
  { id: 'majie-north-g1', name: '马街北路社区第1网格', level: 'grid', parent: 'majie-north', departmentKind: null },
  { id: 'jinbi', name: '金碧街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
  { id: 'xishan-labour', name: '西山区人社局', level: 'department', parent: 'xishan', departmentKind: 'laborBureau' },
];

/** The units of the Guandu tenant. */
export const GUANDU_UNITS: readonly Unit[] = [
  KUNMING,
  { id: 'guandu', name: '官渡区', level: 'district', parent: 'kunming', departmentKind: null },
  { id: 'guandu-jinma', name: '金马街道', level: 'subDistrict', parent: 'guandu', departmentKind: null },
  { id: 'guandu-jinma-c1', name: '金马社区', level: 'community', parent: 'guandu-jinma', departmentKind: null },
  { id: 'guandu-labour', name: '官渡区人社局', level: 'department', parent: 'guandu', departmentKind: 'laborBureau' },
];

/**
 * A tenant's units as a checked jurisdiction directory (a real deployment loads each tenant's
 * own). @throws Error naming the tenant and every problem of its units.
 */
export const tenantDirectory = (tenantId: string, units: readonly Unit[]): JurisdictionDirectory =>
  E.getOrElseW((errors: Parameters<typeof decodeErrorsMessage>[0]) => {
    throw new Error(`the directory of tenant "${tenantId}" is invalid: ${decodeErrorsMessage(errors)}`);
  })(createDirectory(units));
