import * as E from 'fp-ts/lib/Either.js';
import { type JurisdictionDirectory, type Unit, createDirectory, decodeErrorsMessage } from '@casefold/core';

/** The units this service knows: a slice of Kunming (a real deployment loads its own directory). */
export const UNITS: readonly Unit[] = [
  { id: 'kunming', name: '昆明市', level: 'city', parent: null, departmentKind: null },
  { id: 'xishan', name: '西山区', level: 'district', parent: 'kunming', departmentKind: null },
  { id: 'majie', name: '马街街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
  { id: 'majie-north', name: '马街北路社区', level: 'community', parent: 'majie', departmentKind: null },
  { id: 'majie-north-g1', name: '马街北路社区第1网格', level: 'grid', parent: 'majie-north', departmentKind: null },
  { id: 'xishan-labour', name: '西山区人社局', level: 'department', parent: 'xishan', departmentKind: 'laborBureau' },
  { id: 'guandu', name: '官渡区', level: 'district', parent: 'kunming', departmentKind: null },
  { id: 'guandu-jinma', name: '金马街道', level: 'subDistrict', parent: 'guandu', departmentKind: null },
];

/** {@link UNITS} as a checked jurisdiction directory. */
export const serviceDirectory = (): JurisdictionDirectory =>
  E.getOrElseW((errors: Parameters<typeof decodeErrorsMessage>[0]) => {
    throw new Error(`the service's directory is invalid: ${decodeErrorsMessage(errors)}`);
  })(createDirectory(UNITS));
