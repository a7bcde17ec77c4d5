import * as E from 'fp-ts/lib/Either.js';
import { type JurisdictionDirectory, type Unit, createDirectory } from '../index.js';

/**
 * A small slice of Kunming for tests and examples: the city, two districts, a sub-district
 * with two communities, a grid with one micro-grid (a building), and each district's labour bureau.
 */
export const SAMPLE_UNITS: readonly Unit[] = [
  { id: 'kunming', name: '昆明市', level: 'city', parent: null, departmentKind: null },
  { id: 'xishan', name: '西山区', level: 'district', parent: 'kunming', departmentKind: null },
  { id: 'guandu', name: '官渡区', level: 'district', parent: 'kunming', departmentKind: null },
  { id: 'majie', name: '马街街道', level: 'subDistrict', parent: 'xishan', departmentKind: null },
  { id: 'majie-north', name: '马街北路社区', level: 'community', parent: 'majie', departmentKind: null },
  { id: 'xizhan', name: '西站社区', level: 'community', parent: 'majie', departmentKind: null },
  { id: 'grid-7', name: '第7网格', level: 'grid', parent: 'majie-north', departmentKind: null },
  { id: 'grid-7-b3', name: '第7网格3栋', level: 'microGrid', parent: 'grid-7', departmentKind: null },
  { id: 'xishan-labour', name: '西山区人社局', level: 'department', parent: 'xishan', departmentKind: 'laborBureau' },
  { id: 'guandu-labour', name: '官渡区人社局', level: 'department', parent: 'guandu', departmentKind: 'laborBureau' },
];

/** The sample units as a validated directory. */
export const sampleDirectory = (): JurisdictionDirectory =>
  E.getOrElseW((errors) => {
    throw new Error(`sample directory is invalid: ${JSON.stringify(errors)}`);
  })(createDirectory(SAMPLE_UNITS));
