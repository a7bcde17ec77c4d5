import { type JurisdictionDirectory, createDirectory } from '@casefold/core';
import * as E from 'fp-ts/lib/Either.js';

/** A district with its 12345 centre (the district itself receives the calls), two sub-districts, a community and the labour bureau. */
export const HOTLINE_UNITS = [
  { id: 'kunming', name: '昆明市', level: 'city', parent: null, departmentKind: null },
  { id: 'xishan', name: '西山区 (12345 分中心)', level: 'district', parent: 'kunming', departmentKind: null },
  { id: 'xishan-labour', name: '西山区人社局', level: 'department', parent: 'xishan', departmentKind: 'laborBureau' },
  { id: 'majie', name: '马街街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
  { id: 'majie-north', name: '马街北社区', level: 'community', parent: 'majie', departmentKind: null },
  { id: 'jinbi', name: '金碧街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
] as const;

/** The jurisdiction directory of the example (built once; the units are fixed data, so it cannot fail). */
export const hotlineDirectory = (): JurisdictionDirectory =>
  E.getOrElseW((errors) => {
    throw new Error(`the example's units are invalid: ${JSON.stringify(errors)}`);
  })(createDirectory(HOTLINE_UNITS));
