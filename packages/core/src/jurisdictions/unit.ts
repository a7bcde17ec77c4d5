import * as t from 'io-ts';
import { Id, oneOf } from '../values/values.js';

/**
 * Territorial levels from the bottom up: escalation moves exactly one step along this list.
 * In Kunming's numbering of grids (网格, docs/grid-event-workflow.md) the city is the
 * level-1 grid, the district level 2, the sub-district level 3, the community level 4 and
 * the basic grid (基础网格) level 5; a micro-grid (综治微网格: a building or a few dozen
 * households, 楼栋) sits below level 5.
 */
export const TERRITORIAL_LEVELS = ['microGrid', 'grid', 'community', 'subDistrict', 'district', 'city'] as const;
/** One of {@link TERRITORIAL_LEVELS}: micro-grid, grid, community, sub-district, district or city. */
export type TerritorialLevel = (typeof TERRITORIAL_LEVELS)[number];

/** A unit's level: a territorial level, or a functional department (e.g. the labour bureau). */
export const UnitLevel = oneOf([...TERRITORIAL_LEVELS, 'department'], 'UnitLevel');
export type UnitLevel = t.TypeOf<typeof UnitLevel>;

/** A unit of the jurisdiction directory (docs/domain.md §5). */
export const Unit = t.type(
  {
    id: Id,
    name: t.string,
    level: UnitLevel,
    /** The unit one level up; `null` only for the city. A department's parent is the government it serves. */
    parent: t.union([Id, t.null]),
    /** For departments: what they handle, e.g. `laborBureau`, `justiceBureau`; `null` otherwise. */
    departmentKind: t.union([t.string, t.null]),
  },
  'Unit',
);
export type Unit = t.TypeOf<typeof Unit>;

/** Rank of a territorial level (micro-grid 0, grid 1 … city 5). */
export const levelRank = (level: TerritorialLevel): number => TERRITORIAL_LEVELS.indexOf(level);
